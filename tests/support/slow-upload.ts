import { expect } from "vitest";
import { leanApp } from "@/server/http/lean-app";
import { streamedSoundUpload } from "./streamed-sound-upload";

// ─── A CLIENT THAT STOPS HALFWAY ─── An upload that sends the start of its file and then nothing
// until released, as a slow or hostile client would: what the server holds meanwhile (database
// connections above all) is what the tests measure.

export type PausedUpload = {
  /** Settles once the server has read the first pieces and waits for more. */
  paused: Promise<void>;
  /** Sends the rest; `response` then settles. */
  release: () => void;
  response: Promise<Response>;
};

const FILE_BYTES = 2 * 1024 * 1024;
/** Pieces sent before pausing: the multipart headers, the WAV header and some audio. */
const PIECES_BEFORE_PAUSE = 6;

export function pausedUpload(headers: Record<string, string>): PausedUpload {
  let pulls = 0;
  let release!: () => void;
  let pausedNow!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const paused = new Promise<void>((resolve) => {
    pausedNow = resolve;
  });
  const request = streamedSoundUpload("http://localhost/voip/sound", FILE_BYTES, {
    headers,
    onPull: async () => {
      if (++pulls <= PIECES_BEFORE_PAUSE) return;
      pausedNow();
      await gate;
    },
  });
  const response = Promise.resolve(leanApp.fetch(request));
  // A refused upload answers without reading on: it is not waiting for anything either.
  void response.then(() => pausedNow());
  return { paused, release, response };
}

/** How long `work` takes, in milliseconds, with what it returned. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * What everyone else must still get while uploads are paused: /readyz 200 within 1 s, and
 * another tenant's GET /voip/flow (`otherTenantFlows`) 200 within 2 s.
 */
export async function expectOthersServed(otherTenantFlows: () => Promise<{ status: number }>): Promise<void> {
  const ready = await timed(async () => leanApp.fetch(new Request("http://localhost/readyz")));
  expect(ready.value.status).toBe(200);
  expect(ready.ms).toBeLessThan(1_000);
  const flows = await timed(otherTenantFlows);
  expect(flows.value.status).toBe(200);
  expect(flows.ms).toBeLessThan(2_000);
}
