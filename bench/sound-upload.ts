import { randomUUID } from "node:crypto";
import { deployMigrations } from "../prisma/migrate";
import { createScratchDatabase } from "../tests/support/scratch-database";

/**
 * Memory and time of a sound upload through the same path as POST /voip/sound (multipart read
 * by busboy, bytes streamed into PostgreSQL, read back for inspection), for a 1 MB and a 10 MB
 * WAV generated on the fly, so the client side holds nothing either. Prints the peak of live
 * memory (JavaScript heap plus array buffers, measured after a full garbage collection every few
 * milliseconds) above what the process held before the upload: an upload that streams peaks at
 * about the same for both sizes (last column, 10 MB over 1 MB, near 1); one that held the file
 * would grow by the file's size. Run with --expose-gc (the npm script does).
 */

const SAMPLE_RATE = 16_000;
const PIECE_BYTES = 64 * 1024;
const SIZES_MB = [1, 10] as const;
const RUNS = 3;
const SAMPLE_EVERY_MS = 10;

function wavHeader(dataBytes: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(44));
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
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
  const { db } = await import("../server/db");
  const { readSoundUpload } = await import("../server/services/sounds/multipart");
  const { uploadSound } = await import("../server/services/sounds/service");
  const id = randomUUID();
  const account = await db.account.create({ data: { id, name: `bench-${id}`, kind: "customer", path: `/${id}/` } });
  const ctx = {
    principal: {
      via: "api" as const,
      apiCredentialId: randomUUID(),
      username: "bench",
      accountId: account.id,
      accountName: account.name,
      accountKind: account.kind,
      accountPath: account.path,
    },
    ip: "127.0.0.1",
    userAgent: "bench",
  };

  // Loads and compiles everything the upload path uses, so the first measured run pays nothing extra.
  await uploadSound(ctx, account.id, readSoundUpload(streamedUpload(64 * 1024)));

  const rows: { size: number; peakMb: number; ms: number }[] = [];
  for (const sizeMb of SIZES_MB) {
    const bytes = sizeMb * 1024 * 1024 - 1024;
    let peak = 0;
    let ms = 0;
    for (let run = 0; run < RUNS; run++) {
      const baseline = liveMemory();
      let highest = baseline;
      const sampler = setInterval(() => (highest = Math.max(highest, liveMemory())), SAMPLE_EVERY_MS);
      const started = performance.now();
      await uploadSound(ctx, account.id, readSoundUpload(streamedUpload(bytes)));
      ms += performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, highest - baseline);
    }
    rows.push({ size: sizeMb, peakMb: peak / (1024 * 1024), ms: ms / RUNS });
  }
  const baseline = rows[0]!;
  console.log(`sound upload, ${RUNS} runs each: peak live memory (JS heap + array buffers) above the start of the upload`);
  console.log("file MB | peak live MB | mean ms | peak vs 1 MB");
  for (const row of rows) {
    console.log(`${String(row.size).padStart(7)} | ${row.peakMb.toFixed(2).padStart(12)} | ${row.ms.toFixed(0).padStart(7)} | ${(row.peakMb / baseline.peakMb).toFixed(2).padStart(12)}`);
  }
  await db.$disconnect();
} finally {
  await database.drop();
}
