import { voipEndpoint } from "@/server/rest/handler";
import { listResource } from "@/server/rest/resource-lists";
import { createSound } from "@/server/rest/sound-commands";

export const dynamic = "force-dynamic";

const route = "/voip/sound";

// This folder takes /voip/sound from /voip/[resource], so the list is served here too.
export const GET = voipEndpoint({ route, run: (call) => listResource({ ...call, params: { resource: "sound" } }) });
export const POST = voipEndpoint({ route, takesBody: "stream", run: createSound });
