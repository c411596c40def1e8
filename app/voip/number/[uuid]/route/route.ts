import { voipEndpoint } from "@/server/rest/handler";
import { type NumberParams, numberRouteCommand } from "@/server/rest/number-commands";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint<NumberParams>({ route: "/voip/number/{uuid}/route", run: numberRouteCommand });
