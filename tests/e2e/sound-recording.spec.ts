import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./chromium";
import { signInToOwnFlows, uniqueName } from "./flow-editor-page";

// Recording in the browser needs a microphone that hears something: Chromium's fake device
// plays a file made here (a loud 440 Hz tone, looped) instead of its default silence, and
// grants the microphone without asking. The file must exist before the browser starts.
const microphoneTone = path.join(mkdtempSync(path.join(tmpdir(), "fake-mic-")), "tone.wav");
execFileSync("sox", ["-n", "-r", "48000", "-c", "1", "-b", "16", microphoneTone, "synth", "10", "sine", "440", "vol", "0.8"]);

test.use({
  launchOptions: {
    ...CHROMIUM_LAUNCH_OPTIONS,
    args: [
      ...(CHROMIUM_LAUNCH_OPTIONS.args ?? []),
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-audio-capture=${microphoneTone}`,
      // The list's player is started by the test, not by a click on the native controls.
      "--autoplay-policy=no-user-gesture-required",
    ],
  },
  permissions: ["microphone"],
});

test("a customer records a sound in the browser, sees the level move, uploads it and plays it", async ({ page }) => {
  test.setTimeout(90_000);
  const accountId = await signInToOwnFlows(page);
  await page.goto(`/accounts/${accountId}/sounds`);
  const sounds = page.getByRole("region", { name: "Sounds", exact: true });
  const recording = sounds.getByRole("group", { name: "Record a sound" });
  const level = recording.getByTestId("recording-level");
  await expect(level).toHaveJSProperty("value", 0);

  await recording.getByRole("button", { name: "Start recording" }).click();
  await expect(recording.getByRole("button", { name: "Stop recording" })).toBeVisible();
  const levelNow = () => level.evaluate((meter: HTMLMeterElement) => meter.value);
  await expect.poll(levelNow, { message: "the level meter moves" }).toBeGreaterThan(0.1);
  // A few seconds of the tone.
  await page.waitForTimeout(3_000);
  await recording.getByRole("button", { name: "Stop recording" }).click();

  const upload = recording.getByRole("form", { name: "Upload the recording" });
  const take = upload.getByLabel("Play the recording");
  await expect(take).toBeVisible();
  const name = uniqueName("Recorded greeting");
  await upload.getByLabel("Recording name").fill(name);
  await upload.getByRole("button", { name: "Upload recording" }).click();
  await expect(sounds.getByTestId("sounds-message")).toHaveText(`Added the sound "${name}".`);

  const row = sounds.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
  // Three seconds recorded, give or take the clicks around them: the server read a real length.
  await expect(row.getByTestId("sound-length")).toHaveText(/^0:0[2-9]$/);
  const player = row.getByLabel(`Play ${name}`);
  await player.evaluate((audio: HTMLAudioElement) => audio.play());
  const playedSeconds = () => player.evaluate((audio: HTMLAudioElement) => audio.currentTime);
  await expect.poll(playedSeconds, { message: "the recording plays" }).toBeGreaterThan(0.2);
  expect(await player.evaluate((audio: HTMLAudioElement) => audio.duration)).toBeGreaterThan(2);
});
