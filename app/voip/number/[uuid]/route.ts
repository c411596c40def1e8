import { voipEndpoint } from "@/server/rest/handler";
import { type NumberParams, routeNumberCommand } from "@/server/rest/number-commands";

export const dynamic = "force-dynamic";

export const PUT = voipEndpoint<NumberParams>({ route: "/voip/number/{uuid}", takesBody: true, run: routeNumberCommand });
