import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { reserveWithinPlan } from "../plans/limits";
import { MAX_SPEECH_TEXT_LENGTH, SOUND_CONTENT_TYPES, type SoundFormat } from "@/server/domain/sound";
import { AppError, fieldError, notFound } from "@/server/errors";
import type { Sound } from "@/server/generated/prisma/client";
import { processSingleton } from "@/server/process-singleton";
import { ZAccountId } from "../accounts/schemas";
import { resolveActingAccount } from "../acting-account";
import { recordChange } from "../audit/record";
import { ZResourceName } from "../resources/schemas";
import { resourceWhere } from "../resources/scope";
import { inspectAudio } from "./inspect";
import { speechVoices, withSpokenAudio } from "./speech";
import { audioStore, type ByteRange } from "./storage";

/** A file on its way in: its bytes as they arrive, and the form's other fields once all is read. */
export type SoundUpload = { file: AsyncIterable<Uint8Array>; fields: () => Promise<Record<string, string>> };

export const ZSpeakSoundInput = z.object({
  accountId: ZAccountId,
  name: ZResourceName,
  text: z
    .string()
    .trim()
    .min(1, "Enter the text to speak")
    .max(MAX_SPEECH_TEXT_LENGTH, `Text must be at most ${MAX_SPEECH_TEXT_LENGTH} characters`),
  voice: z.string().min(1, "Choose a voice"),
});
export type TSpeakSoundInput = z.infer<typeof ZSpeakSoundInput>;

// ─── UPLOADS HOLD NO DATABASE CONNECTION WHILE THEY ARRIVE ─── A client may send its file as
// slowly as it likes: the bytes go to a temporary file first and are checked there, and only a
// file that is complete and accepted is written, in a short transaction that reads it from disk.
// Uploads in progress are bounded per process, overall and per account, since each holds a
// request, a temporary file of up to 10 MB and, at the end, a writer place of its account.

/** Uploads (and spoken sounds) one process receives at once. */
export const MAX_UPLOADS_IN_PROGRESS = 8;
/** Uploads one account may have in progress at once in one process. */
export const MAX_UPLOADS_PER_ACCOUNT = 2;

const uploads = processSingleton("soundUploadsInProgress", () => ({ total: 0, byAccount: new Map<string, number>() }));

/** Runs `work` as one of the uploads in progress, or refuses at once (retryable) when there are too many. */
async function asUpload<T>(accountId: string, work: () => Promise<T>): Promise<T> {
  const ofAccount = uploads.byAccount.get(accountId) ?? 0;
  if (uploads.total >= MAX_UPLOADS_IN_PROGRESS || ofAccount >= MAX_UPLOADS_PER_ACCOUNT) {
    throw new AppError("RETRY_LATER", "Too many uploads in progress; try again in a moment");
  }
  uploads.total++;
  uploads.byAccount.set(accountId, ofAccount + 1);
  try {
    return await work();
  } finally {
    uploads.total--;
    const left = (uploads.byAccount.get(accountId) ?? 1) - 1;
    if (left === 0) uploads.byAccount.delete(accountId);
    else uploads.byAccount.set(accountId, left);
  }
}

/** Receives `audio` into a temporary file, hands its path and size to `use`, and removes it after. */
async function withReceivedFile<T>(
  audio: AsyncIterable<Uint8Array>,
  use: (file: string, size: number) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), "sound-upload-"));
  try {
    const file = path.join(folder, "audio");
    let size = 0;
    await pipeline(
      Readable.from(audio),
      async function* (pieces: AsyncIterable<Uint8Array>) {
        for await (const piece of pieces) {
          size += piece.byteLength;
          yield piece;
        }
      },
      createWriteStream(file),
    );
    return await use(file, size);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A received file's bytes, or a range of them (both ends included), as a web stream. */
function fileReader(file: string) {
  return (range?: ByteRange) =>
    Readable.toWeb(
      createReadStream(file, range && { start: range.start, end: range.end }),
    ) as unknown as ReadableStream<Uint8Array>;
}

function nameOf(fields: Record<string, string>): string {
  const parsed = ZResourceName.safeParse(fields.name ?? "");
  if (!parsed.success) throw fieldError("name", parsed.error.issues[0]?.message ?? "Enter a name");
  return parsed.data;
}

/**
 * Stores a sound: received and inspected first (above), then the audio, its row and its audit
 * event in one short transaction. Neither a 10 MB upload nor its inspection holds the file in
 * memory; anything refused leaves nothing behind.
 */
async function storeSound(
  ctx: RequestContext,
  accountId: string,
  audio: AsyncIterable<Uint8Array>,
  details: () => Promise<{ name: string; speech?: { text: string; voice: string } }>,
): Promise<Sound> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return asUpload(account.id, () =>
    withReceivedFile(audio, async (file, byteSize) => {
      const { format, durationMs } = await inspectAudio(fileReader(file), byteSize);
      const { name, speech } = await details();
      return accountWriteTransaction(account.id, async (tx) => {
        await reserveWithinPlan(tx, account.id, "sounds_mb", byteSize);
        const audioKey = randomUUID();
        await audioStore.put(tx, audioKey, createReadStream(file));
        const created = await tx.sound.create({
          data: {
            accountId: account.id,
            name,
            audioKey,
            format,
            durationMs,
            byteSize,
            ttsText: speech?.text ?? null,
            ttsVoice: speech?.voice ?? null,
          },
        });
        await recordChange(tx, ctx, {
          accountId: account.id,
          action: "sound.create",
          entityType: "sound",
          entityId: created.id,
          after: created,
        });
        return created;
      });
    }),
  );
}

/** A sound from an uploaded file (multipart `file` and `name`), from the portal or the REST API. */
export async function uploadSound(
  ctx: RequestContext,
  { accountId, upload }: { accountId: string; upload: SoundUpload },
): Promise<Sound> {
  return storeSound(ctx, accountId, upload.file, async () => ({ name: nameOf(await upload.fields()) }));
}

/** A sound spoken from text; refused when espeak-ng is not installed. */
export async function speakSound(ctx: RequestContext, input: TSpeakSoundInput): Promise<Sound> {
  const voices = await speechVoices();
  if (!voices) throw new AppError("BAD_REQUEST", "Text to speech is not available on this server");
  if (!voices.some((voice) => voice.id === input.voice)) throw fieldError("voice", "Choose one of the voices offered");
  // The account is checked before any speech is made.
  await resolveActingAccount(db, ctx.principal, input.accountId);
  return withSpokenAudio(input.text, input.voice, (audio) =>
    storeSound(ctx, input.accountId, audio, async () => ({ name: input.name, speech: { text: input.text, voice: input.voice } })),
  );
}

export type SoundAudio = {
  format: SoundFormat;
  contentType: string;
  size: number;
  read: (range?: ByteRange) => ReadableStream<Uint8Array>;
};

/** A sound's audio, for playing; a sound of another account, or one that is only a name, is not found. */
export async function soundAudio(
  ctx: RequestContext,
  { accountId, soundId }: { accountId: string; soundId: string },
): Promise<SoundAudio> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const sound = isUuid(soundId)
    ? await db.sound.findFirst({
        where: resourceWhere(account, soundId),
        select: { audioKey: true, format: true, byteSize: true },
      })
    : null;
  if (!sound?.audioKey || sound.byteSize === null) throw notFound("Sound audio");
  const { audioKey } = sound;
  const format = sound.format as SoundFormat;
  return {
    format,
    contentType: SOUND_CONTENT_TYPES[format],
    size: sound.byteSize,
    read: (range) => audioStore.read(db, audioKey, range),
  };
}
