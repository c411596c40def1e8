import { describe, expect, it } from "vitest";
import * as resourceListRoute from "@/app/voip/[resource]/route";
import * as flowRoute from "@/app/voip/flow/[uuid]/route";
import * as flowsRoute from "@/app/voip/flow/route";
import * as nextExtensionRoute from "@/app/voip/next-extension/flow/route";
import * as openApiRoute from "@/app/voip/openapi.json/route";
import * as soundAudioRoute from "@/app/voip/sound/[uuid]/audio/route";
import * as soundRoute from "@/app/voip/sound/[uuid]/route";
import * as soundsRoute from "@/app/voip/sound/route";
import { MODULE_TYPES } from "@/server/domain/call-flow";
import { RESOURCE_LISTS } from "@/server/rest/resource-lists";

const ROUTE_MODULES: Record<string, object> = {
  "/voip/flow": flowsRoute,
  "/voip/flow/{uuid}": flowRoute,
  "/voip/next-extension/flow": nextExtensionRoute,
  ...Object.fromEntries(Object.keys(RESOURCE_LISTS).map((name) => [`/voip/${name}`, resourceListRoute])),
  // /voip/sound has its own folder (it also takes uploads), which Next prefers to /voip/[resource].
  "/voip/sound": soundsRoute,
  "/voip/sound/{uuid}": soundRoute,
  "/voip/sound/{uuid}/audio": soundAudioRoute,
  "/voip/openapi.json": openApiRoute,
};
const METHODS = ["GET", "POST", "PUT", "DELETE"] as const;

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

async function fetchDocument(): Promise<{ response: Response; document: Document; text: string }> {
  const response = openApiRoute.GET();
  const text = await response.text();
  return { response, document: JSON.parse(text) as Document, text };
}

/** Every `$ref` in the document, to check each one resolves. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner)));
}

function resolve(document: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

describe("GET /voip/openapi.json", () => {
  it("is an OpenAPI 3.1 document in JSON", async () => {
    const { response, document } = await fetchDocument();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(document.openapi).toBe("3.1.0");
  });

  it("describes every endpoint the route handlers serve, and nothing else", async () => {
    const { document } = await fetchDocument();
    const served = Object.entries(ROUTE_MODULES).flatMap(([path, module]) =>
      METHODS.filter((method) => method in module).map((method) => `${method} ${path}`),
    );
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(served.sort());
  });

  it("has every $ref resolve, the auth headers, the envelope, the flow object and every module", async () => {
    const { document, text } = await fetchDocument();
    for (const pointer of new Set(refsIn(document))) expect(resolve(document, pointer), pointer).toBeDefined();
    for (const header of ["X-Auth-Reseller", "X-Auth-User", "X-Auth-Password", "X-Auth-For", "If-Match"]) expect(text).toContain(`"${header}"`);
    expect(document.components.schemas.CallFlow!.required!.sort()).toEqual([
      "created_on",
      "extension",
      "flow",
      "name",
      "show_call_route_name",
      "show_original_caller_id",
      "updated_on",
      "uuid",
    ]);
    const { mapping } = (document.components.schemas.FlowModule as { discriminator: { mapping: Record<string, string> } }).discriminator;
    for (const type of MODULE_TYPES) expect(resolve(document, mapping[type] ?? ""), type).toMatchObject({ type: "object" });
    const listFlows = document.paths["/voip/flow"]!.get!.responses["200"];
    expect(JSON.stringify(listFlows)).toContain('"status_message":{"const":"OK"}');
  });
});
