import { voipEndpoint } from "@/server/rest/handler";
import { listResource, resourceRoute, type ResourceParams } from "@/server/rest/resource-lists";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint<ResourceParams>({ route: resourceRoute, run: listResource });
