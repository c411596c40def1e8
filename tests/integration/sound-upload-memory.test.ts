import { beforeAll, describe, expect, it } from "vitest";
import { MAX_SOUND_BYTES } from "@/server/domain/sound";
import { leanApp } from "@/server/http/lean-app";
import { AUDIO_CHUNK_BYTES } from "@/server/services/sounds/storage";
import { peakGrowth } from "@/tests/support/live-memory";
import { streamedSoundUpload, streamedWavDurationMs, UPLOAD_PIECE_BYTES } from "@/tests/support/streamed-sound-upload";
import { createTenants } from "./fixtures";
import { authHeaders, createApiUser, type ApiUser } from "./rest-client";

// ─── A 10 MB UPLOAD NEVER HOLDS THE FILE ─── The promise, proved by memory counted after
// full garbage collections, not by timing: the whole POST /voip/sound path (multipart parsing,
// the size limit, chunked writes, inspection, the audit event) must peak at a few store chunks
// above where it started, whatever the file's size. Each sample stops the server for its
// collections, so the state it sees is the state at that point of the upload.

const MB = 1024 * 1024;
/** A sample each time the server has read this much more of the body... */
const SAMPLE_EVERY_BYTES = MB;
/** ...and at this interval, for the inspection after the body is read. */
const SAMPLE_EVERY_MS = 200;
/** Each sample's two full collections take up to a second on a busy machine. */
const MEASURED_TEST_MS = 300_000;

let api: ApiUser;

beforeAll(async () => {
  const t = await createTenants();
  api = await createApiUser(t.accounts.customerA1);
});

/** Uploads a silent WAV of `fileBytes` through the REST route, calling `onPull` whenever the server reads the body. */
async function upload(fileBytes: number, onPull?: () => void) {
  const request = streamedSoundUpload("http://localhost/voip/sound", fileBytes, { headers: authHeaders(api), onPull });
  const response = await leanApp.fetch(request);
  const body = (await response.json()) as { result?: { duration_ms: number } };
  expect(response.status, JSON.stringify(body)).toBe(201);
  expect(body.result?.duration_ms).toBe(streamedWavDurationMs(fileBytes));
}

/** The peak growth of live memory during an upload of `fileBytes`. */
async function measuredUpload(fileBytes: number) {
  const meter = peakGrowth(SAMPLE_EVERY_MS);
  let pulls = 0;
  await upload(fileBytes, () => {
    if (pulls++ % (SAMPLE_EVERY_BYTES / UPLOAD_PIECE_BYTES) === 0) meter.sample();
  });
  return meter.stop();
}

describe("POST /voip/sound streams the file", () => {
  it(
    "a 10 MB upload peaks at a few store chunks of live memory, no higher than a 1 MB one",
    async () => {
      const large = MAX_SOUND_BYTES;
      const small = MB;
      // Unmeasured first: loading code, compiling queries and growing connection buffers happen once.
      await upload(small);
      await upload(large);

      const smallPeak = await measuredUpload(small);
      const largePeak = await measuredUpload(large);
      const inMb = (bytes: number) => (bytes / MB).toFixed(2);
      console.info(
        `peak live memory growth (MB): 1 MB upload ${inMb(smallPeak.total)}, 10 MB upload ${inMb(largePeak.total)} ` +
          `(heap ${inMb(largePeak.heap)}, external ${inMb(largePeak.external)})`,
      );
      // Nine more megabytes of file cost less than four more chunks of memory...
      expect(largePeak.total - smallPeak.total).toBeLessThan(4 * AUDIO_CHUNK_BYTES);
      // ...and the upload as a whole holds a few chunks: the one in flight through the parser, the
      // store and the database driver, each of which copies it once or twice.
      expect(largePeak.total).toBeLessThan(8 * AUDIO_CHUNK_BYTES);
    },
    MEASURED_TEST_MS,
  );
});
