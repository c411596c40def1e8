import { describe, expect, it } from "vitest";
import { MODULE_TYPES } from "@/server/domain/call-flow";
import { leanApp } from "@/server/http/lean-app";
import { RESOURCE_LISTS } from "@/server/rest/resource-lists";
import { VOIP_ROUTES } from "@/server/rest/routes";

/** Every method and path the route table serves, `/voip/:resource` as each list it knows (a list
 * with a route of its own, GET /voip/sound, is counted once). */
const SERVED = new Set([
  ...VOIP_ROUTES.flatMap(({ method, path }) =>
    path === "/voip/:resource"
      ? Object.keys(RESOURCE_LISTS).map((name) => `${method} /voip/${name}`)
      : [`${method} ${path.replace(/:(\w+)/g, "{$1}")}`],
  ),
  "GET /voip/openapi.json",
]);

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

async function fetchDocument(): Promise<{ response: Response; document: Document; text: string }> {
  const response = await leanApp.fetch(new Request("http://localhost/voip/openapi.json"));
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

  it("describes every endpoint the route table serves, and nothing else", async () => {
    const { document } = await fetchDocument();
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual([...SERVED].sort());
  });

  it("has every $ref resolve, the auth headers, the envelope, the flow object and every module", async () => {
    const { document, text } = await fetchDocument();
    for (const pointer of new Set(refsIn(document))) expect(resolve(document, pointer), pointer).toBeDefined();
    for (const header of ["X-Auth-Reseller", "X-Auth-User", "X-Auth-Password", "X-Auth-For", "If-Match"])
      expect(text).toContain(`"${header}"`);
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
    const { mapping } = (document.components.schemas.FlowModule as { discriminator: { mapping: Record<string, string> } })
      .discriminator;
    for (const type of MODULE_TYPES) expect(resolve(document, mapping[type] ?? ""), type).toMatchObject({ type: "object" });
    const listFlows = document.paths["/voip/flow"]!.get!.responses["200"];
    expect(JSON.stringify(listFlows)).toContain('"status_message":{"type":"string","const":"OK"}');
  });
});
