import { randomUUID } from "node:crypto";
import { AUDIO_CHUNK_BYTES } from "../server/services/sounds/storage";
import { deployMigrations } from "../prisma/migrate";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { benchAccount } from "./bench-account";

/**
 * Memory and time of a sound upload through the same path as POST /voip/sound (multipart read
 * by busboy, bytes streamed into PostgreSQL, read back for inspection), for WAVs of 100 KB (the
 * baseline), 1 MB and 10 MB generated on the fly, so the client side holds nothing either. For
 * each upload it samples, every few milliseconds, live memory (JavaScript heap plus array
 * buffers, after a full garbage collection) and the resident set size, and prints their peak
 * growth above the start of the upload. An upload that streams grows by about the same for every
 * size: the 10 MB figure less the 100 KB one stays near one store chunk (AUDIO_CHUNK_BYTES),
 * whereas one that held the file would grow by the file's size. One upload of each size runs
 * first, unmeasured, so one-time growth (code, Prisma's query-compiler memory, connection
 * buffers) is not counted. Run with --expose-gc (the npm script does).
 */

const SAMPLE_RATE = 16_000;
const PIECE_BYTES = 64 * 1024;
const SIZES_MB = [0.1, 1, 10] as const;
const RUNS = 3;
const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 10;

function wavHeader(dataBytes: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(44));
  const ascii = (at: number, text: string) => {
    for (const [i, c] of [...text].entries()) view.setUint8(at + i, c.charCodeAt(0));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  return new Uint8Array(view.buffer);
}

/** A multipart request whose file part is made piece by piece as the server reads it. */
function streamedUpload(fileBytes: number): Request {
  const boundary = `bench${randomUUID()}`;
  const encoder = new TextEncoder();
  const dataBytes = fileBytes - 44;
  const parts: (() => Uint8Array)[] = [
    () => encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nBench ${fileBytes}\r\n`),
    () => encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
    () => wavHeader(dataBytes),
    ...Array.from({ length: Math.ceil(dataBytes / PIECE_BYTES) }, (_, i) => () => new Uint8Array(Math.min(PIECE_BYTES, dataBytes - i * PIECE_BYTES))),
    () => encoder.encode(`\r\n--${boundary}--\r\n`),
  ];
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[next++];
      if (part) controller.enqueue(part());
      else controller.close();
    },
  });
  return new Request("http://localhost/voip/sound", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit);
}

const collectGarbage = globalThis.gc;
if (!collectGarbage) throw new Error("run with node --expose-gc (npm run bench:sound-upload)");

/** Live memory: what survives a full collection. */
function liveMemory(): number {
  collectGarbage!();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

const database = await createScratchDatabase("bench");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("../server/db");
  const { readSoundUpload } = await import("../server/services/sounds/multipart");
  const { uploadSound } = await import("../server/services/sounds/service");
  const { account, ctx } = await benchAccount(db);

  const upload = (sizeMb: number) =>
    uploadSound(ctx, account.id, readSoundUpload(streamedUpload(Math.round(sizeMb * MB) - 1024)));
  // Loads and compiles everything the upload path uses, and lets every pool reach its working size.
  for (const sizeMb of SIZES_MB) await upload(sizeMb);

  const rows: { sizeMb: number; liveMb: number; rssMb: number; ms: number }[] = [];
  for (const sizeMb of SIZES_MB) {
    let live = 0;
    let rss = 0;
    let ms = 0;
    for (let run = 0; run < RUNS; run++) {
      const baseline = { live: liveMemory(), rss: process.memoryUsage().rss };
      const highest = { ...baseline };
      const sampler = setInterval(() => {
        highest.live = Math.max(highest.live, liveMemory());
        highest.rss = Math.max(highest.rss, process.memoryUsage().rss);
      }, SAMPLE_EVERY_MS);
      const started = performance.now();
      await upload(sizeMb);
      ms += performance.now() - started;
      clearInterval(sampler);
      live = Math.max(live, highest.live - baseline.live);
      rss = Math.max(rss, highest.rss - baseline.rss);
    }
    rows.push({ sizeMb, liveMb: live / MB, rssMb: rss / MB, ms: ms / RUNS });
  }
  const baseline = rows[0]!;
  const largest = rows[rows.length - 1]!;
  console.log(`sound upload, ${RUNS} runs each after a warm-up: highest growth above the start of the upload`);
  console.log("file MB | peak live MB | peak RSS MB | mean ms | live above 100 KB upload");
  for (const row of rows) {
    const cells = [
      String(row.sizeMb).padStart(7),
      row.liveMb.toFixed(2).padStart(12),
      row.rssMb.toFixed(2).padStart(11),
      row.ms.toFixed(0).padStart(7),
      (row.liveMb - baseline.liveMb).toFixed(2).padStart(24),
    ];
    console.log(cells.join(" | "));
  }
  const extra = largest.liveMb - baseline.liveMb;
  console.log(
    `${largest.sizeMb} MB upload: ${extra.toFixed(2)} MB more live memory than a ${baseline.sizeMb} MB one at its peak ` +
      `(one store chunk is ${AUDIO_CHUNK_BYTES / MB} MB; the file itself is ${largest.sizeMb} MB)`,
  );
  await closeDatabase();
} finally {
  await database.drop();
}
