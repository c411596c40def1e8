import { voipEndpoint } from "@/server/rest/handler";
import { streamSoundAudio, type SoundParams } from "@/server/rest/sound-commands";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint<SoundParams>({ route: "/voip/sound/{uuid}/audio", run: streamSoundAudio });
