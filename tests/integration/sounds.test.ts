import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { MAX_SOUND_BYTES } from "@/server/domain/sound";
import { soundAudio } from "@/server/services/sounds/sounds";
import { AUDIO_CHUNK_BYTES } from "@/server/services/sounds/storage";
import { tone, type ToneFormat } from "@/tests/support/audio";
import { callerAs, contextAs, createTenants } from "./fixtures";
import { accountIdsOf, auditEventsDuring, busyFlow, trpcCode, type Tenants } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

let t: Tenants;
let a1Api: ApiUser;
let b1Api: ApiUser;
let resellerAApi: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  a1Api = await createApiUser(t.accounts.customerA1);
  b1Api = await createApiUser(t.accounts.customerB1);
  resellerAApi = await createApiUser(t.accounts.resellerA);
});

type Uploaded = { uuid: string; name: string; duration_ms: number; format: string };

function soundForm(name: string | null, file: Uint8Array, fileName: string, type = "application/octet-stream"): FormData {
  const form = new FormData();
  if (name !== null) form.append("name", name);
  form.append("file", new Blob([new Uint8Array(file)], { type }), fileName);
  return form;
}

async function upload(user: ApiUser, name: string, file: Uint8Array, fileName = "sound.bin", type?: string) {
  return callApi("POST", "/voip/sound", { headers: authHeaders(user), form: soundForm(name, file, fileName, type) });
}

async function uploaded(user: ApiUser, name: string, file: Uint8Array, fileName?: string): Promise<Uploaded> {
  const response = await upload(user, name, file, fileName);
  expect(response.status, response.text).toBe(201);
  return response.json!.result as Uploaded;
}

/** Rows an upload could have left behind, to show a refused one left none. */
/**
 * The sounds of this file's tenants, and the audio chunks that no other tenant's sound holds
 * (an orphan chunk counts): other test files write sounds at the same time.
 */
async function storedState() {
  const ours = accountIdsOf(t);
  const [sounds, [{ chunks }]] = await Promise.all([
    db.sound.count({ where: { accountId: { in: ours } } }),
    db.$queryRaw<[{ chunks: bigint }]>`
      SELECT count(*) AS chunks FROM "AudioChunk" c
      WHERE NOT EXISTS (SELECT 1 FROM "Sound" s WHERE s."audioKey" = c.key AND NOT (s."accountId"::text = ANY(${ours})))`,
  ]);
  return { sounds, chunks: Number(chunks) };
}

async function refusedWithoutTrace(send: () => Promise<Awaited<ReturnType<typeof callApi>>>) {
  const before = await storedState();
  let response: Awaited<ReturnType<typeof callApi>> | undefined;
  const events = await auditEventsDuring(accountIdsOf(t), async () => {
    response = await send();
  });
  expect(events).toEqual([]);
  expect(await storedState()).toEqual(before);
  return response!;
}

const FORMATS: { format: ToneFormat; contentType: string }[] = [
  { format: "wav", contentType: "audio/wav" },
  { format: "mp3", contentType: "audio/mpeg" },
  { format: "ogg", contentType: "audio/ogg" },
];

describe("POST /voip/sound and GET /voip/sound/{uuid}/audio", () => {
  it.each(FORMATS)("a $format file round-trips byte for byte, with its content type", async ({ format, contentType }) => {
    const file = await tone(format, 2.5);
    const sound = await uploaded(a1Api, `Round trip ${format}`, file, "whatever.name");
    expect(sound).toMatchObject({ name: `Round trip ${format}`, format });
    expect(Object.keys(sound).sort()).toEqual(["duration_ms", "format", "name", "uuid"]);
    const audio = await callApi("GET", `/voip/sound/${sound.uuid}/audio`, { headers: authHeaders(a1Api) });
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe(contentType);
    expect(audio.headers.get("accept-ranges")).toBe("bytes");
    expect(audio.headers.get("content-length")).toBe(String(file.byteLength));
    expect(audio.bytes.equals(file)).toBe(true);
  });

  const LENGTHS = [0.7, 3.33, 12.05];
  it.each(FORMATS.flatMap(({ format }) => LENGTHS.map((seconds) => ({ format, seconds }))))(
    "a $seconds s $format tone is measured within 50 ms",
    async ({ format, seconds }) => {
      const sound = await uploaded(a1Api, `Tone ${seconds} ${format}`, await tone(format, seconds));
      expect(Math.abs(sound.duration_ms - seconds * 1000)).toBeLessThanOrEqual(50);
    },
  );

  // At 8 kbps LAME's frames are too small for its gapless tag; 32 kbps is the lowest with it.
  it("an 8 kHz MP3 (telephone quality) is measured within 50 ms too", async () => {
    const sound = await uploaded(a1Api, "Narrowband", await tone("mp3", 4.2, { rate: 8000, mp3Kbps: 32 }));
    expect(Math.abs(sound.duration_ms - 4200)).toBeLessThanOrEqual(50);
  });

  it("lists sounds with duration_ms and format; a sound made before audio existed lists with nulls", async () => {
    const sound = await uploaded(a1Api, "Listed", await tone("wav", 1));
    const nameOnly = await callerAs(t.actors.customerA1).resources.sounds.create({
      accountId: t.accounts.customerA1.id,
      name: "Name only",
    });
    const list = await callApi("GET", "/voip/sound", { headers: authHeaders(a1Api) });
    expect(list.status).toBe(200);
    const rows = list.json!.result as Uploaded[];
    expect(rows).toContainEqual({ uuid: sound.uuid, name: "Listed", duration_ms: 1000, format: "wav" });
    expect(rows).toContainEqual({ uuid: nameOnly.id, name: "Name only", duration_ms: null, format: null });
    const audio = await callApi("GET", `/voip/sound/${nameOnly.id}/audio`, { headers: authHeaders(a1Api) });
    expect(audio.status).toBe(404);
  });

  it("serves byte ranges, across chunk boundaries, and refuses ranges beyond the end", async () => {
    const file = await tone("wav", 4, { channels: 2 });
    expect(file.byteLength).toBeGreaterThan(2 * AUDIO_CHUNK_BYTES);
    const { uuid } = await uploaded(a1Api, "Ranges", file);
    const get = (range: string) =>
      callApi("GET", `/voip/sound/${uuid}/audio`, { headers: { ...authHeaders(a1Api), Range: range } });

    const across = await get(`bytes=${AUDIO_CHUNK_BYTES - 10}-${2 * AUDIO_CHUNK_BYTES + 9}`);
    expect(across.status).toBe(206);
    expect(across.headers.get("content-range")).toBe(
      `bytes ${AUDIO_CHUNK_BYTES - 10}-${2 * AUDIO_CHUNK_BYTES + 9}/${file.byteLength}`,
    );
    expect(across.bytes.equals(file.subarray(AUDIO_CHUNK_BYTES - 10, 2 * AUDIO_CHUNK_BYTES + 10))).toBe(true);

    const open = await get("bytes=100-");
    expect(open.status).toBe(206);
    expect(open.bytes.equals(file.subarray(100))).toBe(true);

    const suffix = await get("bytes=-500");
    expect(suffix.status).toBe(206);
    expect(suffix.bytes.equals(file.subarray(file.byteLength - 500))).toBe(true);

    const beyond = await get(`bytes=${file.byteLength}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${file.byteLength}`);
  });

  it("writes the sound, its audio and one audit event together", async () => {
    let sound: Uploaded | undefined;
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      sound = await uploaded(a1Api, "Audited", await tone("ogg", 1));
    });
    expect(events.map((event) => [event.action, event.entityId])).toEqual([["sound.create", sound!.uuid]]);
    expect(events[0]!.after).toMatchObject({ name: "Audited", format: "ogg", durationMs: sound!.duration_ms });
  });
});

describe("refused uploads store nothing", () => {
  it("a text file renamed .wav and sent as audio/wav is not audio", async () => {
    const text = Buffer.from("Press 1 for sales. This is a text file, not a recording.\n".repeat(20));
    const response = await refusedWithoutTrace(() => upload(a1Api, "Renamed", text, "greeting.wav", "audio/wav"));
    expect(response.status).toBe(400);
    expect(response.json!.errors).toEqual([
      { path: "file", message: "The file is not audio in a supported format (WAV, MP3 or OGG/Opus)" },
    ]);
  });

  it("an upload over 10 MB is 413", async () => {
    const big = Buffer.alloc(MAX_SOUND_BYTES + 1, 1);
    const response = await refusedWithoutTrace(() => upload(a1Api, "Too big", big, "big.wav"));
    expect(response.status).toBe(413);
    expect(response.json!.errors).toEqual([{ path: "file", message: "The file must be at most 10 MB" }]);
  });

  it("an upload over 10 MB is 413 even when its Content-Length does not say so", async () => {
    // Streamed without a length: the limit holds as the bytes arrive.
    const big = Buffer.alloc(MAX_SOUND_BYTES + 1, 1);
    const form = soundForm("Unannounced", big, "big.wav");
    const body = new Response(form);
    const request = new Request("http://localhost/voip/sound", {
      method: "POST",
      headers: { ...authHeaders(a1Api), "Content-Type": body.headers.get("content-type")! },
      body: body.body,
      duplex: "half",
    } as RequestInit);
    const { leanApp } = await import("@/server/http/lean-app");
    const before = await storedState();
    const response = await leanApp.fetch(request);
    expect(response.status).toBe(413);
    expect(await storedState()).toEqual(before);
  });

  it("a truncated WAV is refused", async () => {
    const whole = await tone("wav", 3);
    const response = await refusedWithoutTrace(() =>
      upload(a1Api, "Truncated", whole.subarray(0, Math.floor(whole.byteLength / 2)), "cut.wav"),
    );
    expect(response.status).toBe(400);
    expect(response.json!.errors![0]).toMatchObject({
      path: "file",
      message: expect.stringMatching(/^The WAV file is truncated/),
    });
  });

  it("a sound over 10 minutes is refused", async () => {
    const long = await tone("wav", 601, { rate: 8000, bits: 8 });
    expect(long.byteLength).toBeLessThan(MAX_SOUND_BYTES);
    const response = await refusedWithoutTrace(() => upload(a1Api, "Too long", long));
    expect(response.status).toBe(400);
    expect(response.json!.errors).toEqual([{ path: "file", message: "The sound is 10:01 long; at most 10:00 is accepted" }]);
  });

  it("a missing name, a missing file and a body that is not multipart are field errors", async () => {
    const noName = await refusedWithoutTrace(() =>
      callApi("POST", "/voip/sound", { headers: authHeaders(a1Api), form: soundForm(null, Buffer.from([1]), "x") }),
    );
    expect(noName.status).toBe(400);
    const wavWithoutName = await refusedWithoutTrace(async () =>
      callApi("POST", "/voip/sound", { headers: authHeaders(a1Api), form: soundForm(null, await tone("wav", 0.5), "x.wav") }),
    );
    expect(wavWithoutName.json!.errors).toEqual([{ path: "name", message: "Enter a name" }]);
    const onlyName = new FormData();
    onlyName.append("name", "No file");
    const noFile = await refusedWithoutTrace(() =>
      callApi("POST", "/voip/sound", { headers: authHeaders(a1Api), form: onlyName }),
    );
    expect(noFile.json!.errors).toEqual([{ path: "file", message: "Attach the audio as the multipart field file" }]);
    const json = await refusedWithoutTrace(() =>
      callApi("POST", "/voip/sound", { headers: authHeaders(a1Api), body: { name: "JSON" } }),
    );
    expect(json.status).toBe(400);
    expect(json.json!.errors![0]!.message).toBe("Send the sound as multipart/form-data with the fields file and name");
  });
});

describe("DELETE /voip/sound/{uuid}", () => {
  it("is 409 while a flow plays the sound, then deletes it and its audio", async () => {
    const sound = await uploaded(a1Api, "In use", await tone("wav", 1));
    const flow = await callApi("POST", "/voip/flow", {
      headers: authHeaders(a1Api),
      body: {
        ...busyFlow(870, "Plays it"),
        flow: { s: { module: "start", next: "p" }, p: { module: "play", sound: sound.uuid, next: "b" }, b: { module: "busy" } },
      },
    });
    expect(flow.status, flow.text).toBe(201);
    const refused = await callApi("DELETE", `/voip/sound/${sound.uuid}`, { headers: authHeaders(a1Api) });
    expect(refused.status).toBe(409);
    expect(refused.json!.errors![0]!.message).toContain('"Plays it" (870)');

    const flowId = (flow.json!.result as { uuid: string }).uuid;
    expect((await callApi("DELETE", `/voip/flow/${flowId}`, { headers: authHeaders(a1Api) })).status).toBe(204);
    const { audioKey } = await db.sound.findUniqueOrThrow({ where: { id: sound.uuid } });
    let deleted: Awaited<ReturnType<typeof callApi>> | undefined;
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      deleted = await callApi("DELETE", `/voip/sound/${sound.uuid}`, { headers: authHeaders(a1Api) });
    });
    expect(deleted!.status).toBe(204);
    expect(events.map((event) => event.action)).toEqual(["sound.delete"]);
    expect(await db.sound.count({ where: { id: sound.uuid } })).toBe(0);
    expect(await db.audioChunk.count({ where: { key: audioKey! } })).toBe(0);
  });
});

describe("tenant isolation", () => {
  let a1Sound: Uploaded;
  beforeAll(async () => {
    a1Sound = await uploaded(a1Api, "A1 private greeting", await tone("mp3", 1));
  });

  it("another tenant does not list, stream or delete the sound: each is not found", async () => {
    const list = await callApi("GET", "/voip/sound", { headers: authHeaders(b1Api) });
    expect((list.json!.result as Uploaded[]).map((sound) => sound.uuid)).not.toContain(a1Sound.uuid);
    const stream = await callApi("GET", `/voip/sound/${a1Sound.uuid}/audio`, { headers: authHeaders(b1Api) });
    expect(stream.status).toBe(404);
    expect(stream.bytes.includes(Buffer.from("ID3"))).toBe(false);
    const ranged = await callApi("GET", `/voip/sound/${a1Sound.uuid}/audio`, {
      headers: { ...authHeaders(b1Api), Range: "bytes=0-10" },
    });
    expect(ranged.status).toBe(404);
    const removal = await callApi("DELETE", `/voip/sound/${a1Sound.uuid}`, { headers: authHeaders(b1Api) });
    expect(removal.status).toBe(404);
    expect(await db.sound.count({ where: { id: a1Sound.uuid } })).toBe(1);
  });

  it("a reseller reaches its customer's sound only by acting for it", async () => {
    const own = await callApi("GET", `/voip/sound/${a1Sound.uuid}/audio`, { headers: authHeaders(resellerAApi) });
    expect(own.status).toBe(404);
    const actingFor = await callApi("GET", `/voip/sound/${a1Sound.uuid}/audio`, {
      headers: authHeaders(resellerAApi, t.accounts.customerA1.name),
    });
    expect(actingFor.status).toBe(200);
    const other = await callApi("GET", `/voip/sound/${a1Sound.uuid}/audio`, {
      headers: authHeaders(resellerAApi, t.accounts.customerA2.name),
    });
    expect(other.status).toBe(404);
  });

  it("the portal's services and procedures answer not found the same way", async () => {
    const b1 = contextAs(t.actors.customerB1);
    await expect(soundAudio(b1, { accountId: t.accounts.customerB1.id, soundId: a1Sound.uuid })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(soundAudio(b1, { accountId: t.accounts.customerA1.id, soundId: a1Sound.uuid })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const b1Caller = callerAs(t.actors.customerB1);
    expect(await trpcCode(b1Caller.resources.sounds.list({ accountId: t.accounts.customerA1.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(b1Caller.resources.sounds.delete({ accountId: t.accounts.customerB1.id, id: a1Sound.uuid }))).toBe(
      "NOT_FOUND",
    );
    const b1Sounds = await b1Caller.resources.sounds.list({ accountId: t.accounts.customerB1.id });
    expect(b1Sounds.items.map((sound) => sound.id)).not.toContain(a1Sound.uuid);
  });
});

describe("text to speech", () => {
  const text = "Welcome to Acme. Press 1 for sales, or 2 for support.";

  it("creates a greeting spoken with espeak-ng, keeping its text and voice beside it", async () => {
    const caller = callerAs(t.actors.customerA1);
    const voices = await caller.resources.sounds.voices();
    expect(voices?.map((voice) => voice.id)).toContain("en-gb");
    let sound: Awaited<ReturnType<typeof caller.resources.sounds.speak>> | undefined;
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      sound = await caller.resources.sounds.speak({
        accountId: t.accounts.customerA1.id,
        name: "Spoken greeting",
        text,
        voice: "en-gb",
      });
    });
    expect(sound).toMatchObject({ name: "Spoken greeting", format: "wav", ttsText: text, ttsVoice: "en-gb" });
    // About three seconds of speech: long enough to be the sentence, short enough to be only it.
    expect(sound!.durationMs).toBeGreaterThan(2000);
    expect(sound!.durationMs).toBeLessThan(10_000);
    expect(events.map((event) => event.action)).toEqual(["sound.create"]);
    const audio = await callApi("GET", `/voip/sound/${sound!.id}/audio`, { headers: authHeaders(a1Api) });
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    expect(audio.bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(audio.bytes.byteLength).toBe(sound!.byteSize);
    const listed = await caller.resources.sounds.list({ accountId: t.accounts.customerA1.id });
    expect(listed.items.find((row) => row.id === sound!.id)).toMatchObject({ ttsText: text, ttsVoice: "en-gb" });
  });

  it("refuses a voice it does not offer, on its field, and another tenant's account as not found", async () => {
    const caller = callerAs(t.actors.customerA1);
    const before = await storedState();
    const badVoice = await caller.resources.sounds
      .speak({ accountId: t.accounts.customerA1.id, name: "Odd voice", text, voice: "klingon" })
      .catch((error: unknown) => error as { code: string; cause?: { issues?: unknown } });
    expect(badVoice).toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [{ path: "voice", message: "Choose one of the voices offered" }] },
    });
    expect(
      await trpcCode(
        callerAs(t.actors.customerB1).resources.sounds.speak({
          accountId: t.accounts.customerA1.id,
          name: "X",
          text,
          voice: "en-gb",
        }),
      ),
    ).toBe("NOT_FOUND");
    expect(await storedState()).toEqual(before);
  });

  it("is absent, not broken, where espeak-ng is not installed", async () => {
    process.env.ESPEAK_NG_PATH = "/nonexistent/espeak-ng";
    try {
      const caller = callerAs(t.actors.customerA1);
      expect(await caller.resources.sounds.voices()).toBeNull();
      const before = await storedState();
      expect(
        await trpcCode(
          caller.resources.sounds.speak({ accountId: t.accounts.customerA1.id, name: "Nope", text, voice: "en-gb" }),
        ),
      ).toBe("BAD_REQUEST");
      expect(await storedState()).toEqual(before);
    } finally {
      delete process.env.ESPEAK_NG_PATH;
    }
  });
});

describe("the simulator uses the sounds' lengths", () => {
  it("a flow that plays an uploaded sound takes its length in the test call", async () => {
    const sound = await uploaded(a1Api, "Simulated greeting", await tone("wav", 2.5));
    const flow = {
      s: { module: "start", next: "p" },
      p: { module: "play", sound: sound.uuid, next: "b" },
      b: { module: "busy", duration: 3 },
    };
    const result = await callerAs(t.actors.customerA1).simulator.run({
      accountId: t.accounts.customerA1.id,
      source: { flow },
      scenario: { callerId: "", choices: [] },
    });
    expect(result.steps[1]).toMatchObject({
      seconds: 2.5,
      sounds: [{ uuid: sound.uuid, name: "Simulated greeting", durationMs: 2500 }],
    });
    expect(result.totalSeconds).toBe(5.5);
  });
});
