import { expect, test, type Locator, type Page } from "@playwright/test";
import { tone } from "@/tests/support/audio";
import { ACME_API_HEADERS, acmeResources, createFlow, FlowEditorPage, signInToOwnFlows, uniqueName } from "./flow-editor-page";

function soundsSection(page: Page): Locator {
  return page.getByRole("region", { name: "Sounds", exact: true });
}

async function openSounds(page: Page, accountId: string): Promise<Locator> {
  await page.goto(`/accounts/${accountId}/sounds`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sounds of acme");
  return soundsSection(page);
}

async function uploadTone(sounds: Locator, name: string, seconds: number): Promise<void> {
  const form = sounds.getByRole("form", { name: "Upload a sound" });
  await form.getByLabel("Name").fill(name);
  await form
    .getByLabel("Audio file")
    .setInputFiles({ name: "tone.wav", mimeType: "audio/wav", buffer: await tone("wav", seconds) });
  await form.getByRole("button", { name: "Upload sound" }).click();
  await expect(sounds.getByTestId("sounds-message")).toHaveText(`Added the sound "${name}".`);
}

function soundRow(sounds: Locator, name: string): Locator {
  return sounds.getByRole("row").filter({ has: sounds.page().getByRole("cell", { name, exact: true }) });
}

/** Loads a player's audio and returns its length in seconds, as the browser decoded it. */
async function decodedSeconds(player: Locator): Promise<number> {
  return player.evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        audio.onloadedmetadata = () => resolve(audio.duration);
        audio.onerror = () => reject(new Error(`the audio could not be loaded: ${audio.error?.message ?? ""}`));
        audio.preload = "auto";
        audio.load();
      }),
  );
}

test("a customer uploads a sound, picks it as a menu prompt and plays it in the Test call panel", async ({ page, request }) => {
  const acme = await acmeResources(request);
  const next = await request.get("/voip/next-extension/flow", { headers: ACME_API_HEADERS });
  const { extension } = ((await next.json()) as { result: { extension: number } }).result;
  const keys = { start: crypto.randomUUID(), menu: crypto.randomUUID(), ring: crypto.randomUUID() };
  const flow = await createFlow(request, {
    name: uniqueName("Menu with a prompt"),
    extension,
    flow: {
      [keys.start]: { module: "start", next: keys.menu },
      [keys.menu]: { module: "pressextension", next: { "1": keys.ring, timeout: keys.ring } },
      [keys.ring]: { module: "extension", extensions: [{ type: "sipuser", uuid: acme.Pete }] },
    },
  });

  const accountId = await signInToOwnFlows(page);
  const sounds = await openSounds(page, accountId);
  const name = uniqueName("Menu prompt");
  await uploadTone(sounds, name, 3);
  const row = soundRow(sounds, name);
  await expect(row.getByTestId("sound-length")).toHaveText("0:03");
  const listPlayer = row.getByLabel(`Play ${name}`);
  expect(await decodedSeconds(listPlayer)).toBeCloseTo(3, 1);
  const audioUrl = await listPlayer.getAttribute("src");
  expect(audioUrl).toMatch(/^\/api\/accounts\/[0-9a-f-]{36}\/sounds\/[0-9a-f-]{36}\/audio$/);

  await page.goto(`/accounts/${accountId}/flows/${flow.uuid}`);
  const editor = new FlowEditorPage(page);
  await expect(editor.status).toHaveText(/^Live \(version \d+\)$/);
  const menu = await editor.open("pressextension", keys.menu);
  await menu.getByLabel("Menu prompt (sound)").selectOption({ label: `${name} (0:03)` });
  const pickerPlayer = menu.getByLabel("Play Menu prompt (sound)");
  await expect(pickerPlayer).toBeVisible();
  expect(await decodedSeconds(pickerPlayer)).toBeCloseTo(3, 1);

  await editor.tab("Test call").click();
  await page.getByRole("button", { name: "Press 1" }).click();
  await page.getByRole("button", { name: "Answered" }).click();
  await expect(page.getByTestId("call-ending")).toHaveText("Answered by Pete (ext 201). Total time: 3 s.");
  const hears = page.getByRole("group", { name: "What the caller hears" });
  await hears.getByRole("button", { name: "Play what the caller hears" }).click();
  await expect(page.getByTestId("now-playing")).toHaveText(`Playing 1 of 1: ${name}`);
  const player = page.getByTestId("caller-hears-player");
  await expect(player).toHaveAttribute("src", audioUrl!);
  await expect
    .poll(() => player.evaluate((audio: HTMLAudioElement) => audio.currentTime), { message: "the prompt plays" })
    .toBeGreaterThan(0.2);
});

test("a customer creates a greeting from text and sees the text beside it", async ({ page }) => {
  const accountId = await signInToOwnFlows(page);
  const sounds = await openSounds(page, accountId);
  const form = sounds.getByRole("form", { name: "Speak a sound from text" });
  const name = uniqueName("Spoken welcome");
  const text = "Welcome to Acme. Press 1 for sales.";
  await form.getByLabel("Spoken sound name").fill(name);
  await form.getByLabel("Voice").selectOption({ label: "English (UK)" });
  await form.getByLabel("Text to speak").fill(text);
  await form.getByRole("button", { name: "Create spoken sound" }).click();
  await expect(sounds.getByTestId("sounds-message")).toHaveText(`Added the sound "${name}".`);
  const row = soundRow(sounds, name);
  await expect(row).toContainText(`“${text}”`);
  await expect(row.getByTestId("sound-length")).toHaveText(/^0:0[1-9]$/);
});

test("a renamed text file is refused at the file field and nothing is added", async ({ page }) => {
  const accountId = await signInToOwnFlows(page);
  const sounds = await openSounds(page, accountId);
  const form = sounds.getByRole("form", { name: "Upload a sound" });
  const name = uniqueName("Not audio");
  await form.getByLabel("Name").fill(name);
  await form
    .getByLabel("Audio file")
    .setInputFiles({ name: "greeting.wav", mimeType: "audio/wav", buffer: Buffer.from("just some text\n".repeat(50)) });
  await form.getByRole("button", { name: "Upload sound" }).click();
  await expect(form.getByTestId("error-sound-file")).toHaveText(
    "The file is not audio in a supported format (WAV, MP3 or OGG/Opus)",
  );
  await expect(form.getByLabel("Audio file")).toHaveAttribute("aria-invalid", "true");
  await expect(sounds.getByRole("cell", { name, exact: true })).toHaveCount(0);
});
