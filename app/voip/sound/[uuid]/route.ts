import { voipEndpoint } from "@/server/rest/handler";
import { deleteSound, type SoundParams } from "@/server/rest/sound-commands";

export const dynamic = "force-dynamic";

export const DELETE = voipEndpoint<SoundParams>({ route: "/voip/sound/{uuid}", run: deleteSound });
