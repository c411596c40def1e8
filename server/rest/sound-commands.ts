import { toApiSound } from "@/server/services/representations";
import { sounds } from "@/server/services/resources/kinds";
import { readSoundUpload } from "@/server/services/sounds/multipart";
import { soundAudio, uploadSound } from "@/server/services/sounds/sounds";
import { ZSoundUpload } from "./api-schemas";
import { audioResponse } from "./audio-response";
import type { VoipCall, VoipOutcome } from "./handler";
import type { StreamedBody } from "./input";

// The sound commands beyond the read-only list: upload, stream the audio, delete.

export type SoundParams = { uuid: string };

/** The upload is read as it arrives (readSoundUpload), never held whole. */
export const SOUND_UPLOAD: StreamedBody = { mediaType: "multipart/form-data", documented: ZSoundUpload };

export async function createSound({ request, ctx, accountId }: VoipCall): Promise<VoipOutcome> {
  const sound = await uploadSound(ctx, { accountId, upload: readSoundUpload(request) });
  return { status: 201, result: toApiSound(sound), headers: { Location: `/voip/sound/${sound.id}` } };
}

export async function streamSoundAudio({ request, ctx, accountId, params }: VoipCall<SoundParams>): Promise<VoipOutcome> {
  return { response: audioResponse(await soundAudio(ctx, { accountId, soundId: params.uuid }), request.headers.get("range")) };
}

export async function deleteSound({ ctx, accountId, params }: VoipCall<SoundParams>): Promise<VoipOutcome> {
  await sounds.remove(ctx, { accountId, id: params.uuid });
  return { status: 204 };
}
