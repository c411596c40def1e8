import { deleteFlow, getFlow, replaceFlow, type CallFlowParams } from "@/server/rest/call-flow-commands";
import { voipEndpoint } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

const route = "/voip/flow/{uuid}";

export const GET = voipEndpoint<CallFlowParams>({ route, run: getFlow });
export const PUT = voipEndpoint<CallFlowParams>({ route, takesBody: true, run: replaceFlow });
export const DELETE = voipEndpoint<CallFlowParams>({ route, run: deleteFlow });
