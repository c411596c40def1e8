import { nextFlowExtension } from "@/server/rest/call-flow-commands";
import { voipEndpoint } from "@/server/rest/handler";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint({ route: "/voip/next-extension/flow", run: nextFlowExtension });
