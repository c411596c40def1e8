import { AUDIO_CHUNK_BYTES } from "../server/services/sounds/storage";
import { deployMigrations } from "../prisma/migrate";
import { peakGrowth } from "../tests/support/live-memory";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { streamedSoundUpload, UPLOAD_PIECE_BYTES } from "../tests/support/streamed-sound-upload";
import { benchAccount } from "./bench-account";

/**
 * Memory and time of a sound upload through the same path as POST /voip/sound (multipart read
 * by busboy, bytes streamed into PostgreSQL, read back for inspection), for WAVs of 100 KB (the
 * baseline), 1 MB and 10 MB generated on the fly, so the client side holds nothing either. For
 * each upload it samples live memory (after full garbage collections) each time the server has
 * read another store chunk's worth of the request body and every few milliseconds of the upload,
 * and prints its peak growth above the start of the upload: the JavaScript heap, external memory
 * (Buffers and other array buffers, where the audio bytes live) and their sum, beside the resident
 * set size. An upload that streams grows by about the same for every size, a few store chunks
 * (AUDIO_CHUNK_BYTES); one that held the file would grow by the file's size. One upload of each
 * size runs first, unmeasured, so one-time growth (code, Prisma's query-compiler memory,
 * connection buffers) is not counted. Times come from uploads of their own, without sampling,
 * whose collections would stall the upload. Run with --expose-gc (the npm script does).
 */

const SIZES_MB = [0.1, 1, 10] as const;
const RUNS = 3;
const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 10;

const database = await createScratchDatabase("bench");
try {
  await deployMigrations({ kind: "postgres", url: database.url });
  process.env.DATABASE_URL = database.url;
  const { closeDatabase, db } = await import("../server/db");
  const { readSoundUpload } = await import("../server/services/sounds/multipart");
  const { uploadSound } = await import("../server/services/sounds/sounds");
  const { account, ctx } = await benchAccount(db);

  const upload = (sizeMb: number, onPull?: () => void) =>
    uploadSound(ctx, {
      accountId: account.id,
      upload: readSoundUpload(streamedSoundUpload("http://localhost/voip/sound", Math.round(sizeMb * MB) - 1024, { onPull })),
    });
  // Loads and compiles everything the upload path uses, and lets every pool reach its working size.
  for (const sizeMb of SIZES_MB) await upload(sizeMb);

  const rows: { sizeMb: number; heapMb: number; externalMb: number; liveMb: number; rssMb: number; ms: number }[] = [];
  for (const sizeMb of SIZES_MB) {
    const row = { sizeMb, heapMb: 0, externalMb: 0, liveMb: 0, rssMb: 0, ms: 0 };
    for (let run = 0; run < RUNS; run++) {
      const rssBefore = process.memoryUsage().rss;
      let rssHighest = rssBefore;
      const rssSampler = setInterval(() => (rssHighest = Math.max(rssHighest, process.memoryUsage().rss)), SAMPLE_EVERY_MS);
      const started = performance.now();
      await upload(sizeMb);
      row.ms += performance.now() - started;
      const meter = peakGrowth(SAMPLE_EVERY_MS);
      let pulls = 0;
      await upload(sizeMb, () => {
        if (pulls++ % (AUDIO_CHUNK_BYTES / UPLOAD_PIECE_BYTES) === 0) meter.sample();
      });
      const peak = meter.stop();
      clearInterval(rssSampler);
      row.heapMb = Math.max(row.heapMb, peak.heap / MB);
      row.externalMb = Math.max(row.externalMb, peak.external / MB);
      row.liveMb = Math.max(row.liveMb, peak.total / MB);
      row.rssMb = Math.max(row.rssMb, (rssHighest - rssBefore) / MB);
    }
    rows.push({ ...row, ms: row.ms / RUNS });
  }
  const baseline = rows[0]!;
  const largest = rows[rows.length - 1]!;
  console.log(`sound upload, ${RUNS} runs each after a warm-up: highest growth above the start of the upload (MB)`);
  console.log("file MB | peak heap | peak external | peak heap+external | peak RSS | mean ms | heap+external above 100 KB");
  for (const row of rows) {
    const cells = [
      String(row.sizeMb).padStart(7),
      row.heapMb.toFixed(2).padStart(9),
      row.externalMb.toFixed(2).padStart(13),
      row.liveMb.toFixed(2).padStart(18),
      row.rssMb.toFixed(2).padStart(8),
      row.ms.toFixed(0).padStart(7),
      (row.liveMb - baseline.liveMb).toFixed(2).padStart(26),
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
