import { createFlow, listFlows } from "@/server/rest/call-flow-commands";
import { voipEndpoint } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint({ route: "/voip/flow", run: listFlows });
export const POST = voipEndpoint({ route: "/voip/flow", takesBody: true, run: createFlow });
