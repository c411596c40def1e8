import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db } from "@/server/db";
import { MAX_SPEECH_TEXT_LENGTH, SOUND_CONTENT_TYPES, type SoundFormat } from "@/server/domain/sound";
import { AppError, fieldError, notFound } from "@/server/errors";
import type { Sound } from "@/server/generated/prisma/client";
import { ZAccountId } from "../accounts/schemas";
import { resolveActingAccount } from "../acting-account";
import { recordAudit } from "../audit/record";
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

/** A slow client uploading 10 MB keeps its transaction open this long at most. */
const UPLOAD_TRANSACTION_MS = 120_000;

function nameOf(fields: Record<string, string>): string {
  const parsed = ZResourceName.safeParse(fields.name ?? "");
  if (!parsed.success) throw fieldError("name", parsed.error.issues[0]?.message ?? "Enter a name");
  return parsed.data;
}

/**
 * Stores a sound: the audio, its row and its audit event in one transaction. The bytes go to the
 * store as they arrive and are read back from it to learn what they are, so neither a 10 MB
 * upload nor its inspection holds the file in memory; anything refused leaves nothing behind.
 */
async function storeSound(
  ctx: RequestContext,
  accountId: string,
  audio: AsyncIterable<Uint8Array>,
  details: () => Promise<{ name: string; speech?: { text: string; voice: string } }>,
): Promise<Sound> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  return db.$transaction(
    async (tx) => {
      const audioKey = randomUUID();
      const byteSize = await audioStore.put(tx, audioKey, audio);
      const { format, durationMs } = await inspectAudio((range) => audioStore.read(tx, audioKey, range), byteSize);
      const { name, speech } = await details();
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
      await recordAudit(tx, ctx, {
        accountId: account.id,
        action: "sound.create",
        entityType: "sound",
        entityId: created.id,
        after: created,
      });
      return created;
    },
    { timeout: UPLOAD_TRANSACTION_MS, maxWait: 10_000 },
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
