import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { db } from "@/server/db";
import { MODULE_TYPES } from "@/server/domain/call-flow";
import { leanApp } from "@/server/http/lean-app";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { RESOURCE_LISTS } from "@/server/rest/resource-lists";
import { VOIP_ROUTES } from "@/server/rest/routes";
import { templateApplyJob } from "@/server/services/templates/apply-runs";
import { runImport } from "@/server/services/imports/imports";
import { streamedSoundUpload } from "@/tests/support/streamed-sound-upload";
import { createTenants } from "./fixtures";
import { uniquePhoneNumber } from "./procedure-helpers";
import { type ApiResponse, type ApiUser, authHeaders, busyFlow, type CallOptions, callApi, createApiUser } from "./rest-client";

// The document is generated from the route table and its zod schemas; these tests hold it to the
// table, to OpenAPI's rules, and to what the API really answers: every operation is called and
// each answer is validated against the document's schema for its status.

/** Every method and path the route table serves, `/voip/:resource` as each list it knows (a list
 * with a route of its own, GET /voip/sound, is counted once). */
const SERVED = new Set([
  ...VOIP_ROUTES.flatMap(({ method, path, doc }) =>
    path === "/voip/:resource"
      ? Object.keys(RESOURCE_LISTS).map((name) => `${method} /voip/${name}`)
      : "each" in doc
        ? Object.keys(doc.each).map((value) => `${method} ${path.replace(/:\w+/, value)}`)
        : [`${method} ${path.replace(/:(\w+)/g, "{$1}")}`],
  ),
  "GET /voip/openapi.json",
]);

type Response = { $ref?: string; content?: Record<string, { schema: unknown }> };
type OperationObject = { operationId: string; responses: Record<string, Response>; requestBody?: unknown };
type Document = {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    responses: Record<string, Response>;
  };
};

async function fetchDocument(): Promise<{ response: globalThis.Response; document: Document; text: string }> {
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
    .map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })),
  );

describe("GET /voip/openapi.json", () => {
  it("is an OpenAPI 3.1 document in JSON", async () => {
    const { response, document } = await fetchDocument();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(document.openapi).toBe("3.1.0");
  });

  it("describes every endpoint the route table serves, and nothing else", async () => {
    const { document } = await fetchDocument();
    expect(
      operationsOf(document)
        .map(({ key }) => key)
        .sort(),
    ).toEqual([...SERVED].sort());
  });

  it("names every operation, each differently", async () => {
    const { document } = await fetchDocument();
    const ids = operationsOf(document).map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes each JSON body by the schema the route parses it with", async () => {
    const { document } = await fetchDocument();
    for (const { method, path, body } of VOIP_ROUTES) {
      if (!body || !("schema" in body)) continue;
      const operation = document.paths[path.replace(/:(\w+)/g, "{$1}")]![method.toLowerCase()]!;
      expect(JSON.stringify(operation.requestBody), `${method} ${path}`).toContain(`"#/components/schemas/${body.name}"`);
      expect(document.components.schemas[body.name], body.name).toBeDefined();
    }
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
    expect(resolve(listFlows, "#/content/application~1json/schema/properties/status_message")).toMatchObject({ const: "OK" });
  });

  it("is valid JSON Schema 2020-12 throughout (ajv, strict)", async () => {
    const { document } = await fetchDocument();
    const validator = validatorFor(document);
    for (const { key, operation } of operationsOf(document))
      for (const status of Object.keys(operation.responses))
        expect(() => validator(key, status), `${key} ${status}`).not.toThrow();
  });
});

/**
 * The schema the document gives an answer of `operation` with `status`, compiled by ajv: refs to
 * components resolve against the document's own schemas. Formats are checked by the patterns zod
 * writes beside them.
 */
function validatorFor(document: Document) {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    allErrors: true,
    formats: { uuid: true, date: true, "date-time": true, binary: true },
  });
  ajv.addKeyword("discriminator");
  const rebased = (schema: unknown) =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/'));
  ajv.addSchema({ $id: "components", $defs: rebased(document.components.schemas) });
  const compiled = new Map<string, ValidateFunction | null>();
  return (key: string, status: string): ValidateFunction | null => {
    const id = `${key} ${status}`;
    if (!compiled.has(id)) {
      const [method, path] = key.split(" ") as [string, string];
      let response = document.paths[path]?.[method.toLowerCase()]?.responses[status];
      if (response?.$ref) response = resolve(document, response.$ref) as Response;
      if (!response) throw new Error(`${key} does not document ${status}`);
      const schema = response.content?.["application/json"]?.schema;
      compiled.set(id, schema ? ajv.compile(rebased(schema)) : null);
    }
    return compiled.get(id)!;
  };
}

describe("the live answers", () => {
  type Tenants = Awaited<ReturnType<typeof createTenants>>;
  let t: Tenants;
  let reseller: ApiUser;
  let customer: ApiUser;
  let document: Document;
  let validator: ReturnType<typeof validatorFor>;
  const checked = new Set<string>();

  beforeAll(async () => {
    t = await createTenants();
    reseller = await createApiUser(t.accounts.resellerA);
    customer = await createApiUser(t.accounts.customerA1);
    document = (await fetchDocument()).document;
    validator = validatorFor(document);
    const accountId = t.accounts.customerA1.id;
    await db.sipUser.create({ data: { accountId, name: "Reception", extension: 201 } });
    await db.huntGroup.create({ data: { accountId, name: "Support", extension: 300 } });
    await db.playlist.create({ data: { accountId, name: "Hold music" } });
    await db.mailbox.create({ data: { accountId, name: "Voicemail", boxNumber: 1 } });
    await db.trunk.create({ data: { accountId, name: "PBX" } });
    await db.sound.create({ data: { accountId, name: "Only a name" } });
    // Applying is a background job: this process works it, as the server does.
    await startJobs([templateApplyJob]);
  });

  afterAll(async () => {
    await stopJobs();
  });

  const asCustomer = () => authHeaders(reseller, t.accounts.customerA1.name);

  /** The answer, after checking it against the document's schema for its operation and status. */
  function conforms(key: string, response: ApiResponse): ApiResponse {
    const validate = validator(key, String(response.status));
    if (validate) {
      expect(validate(response.json), `${key} ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    } else if (response.status !== 204) {
      const [method, path] = key.split(" ") as [string, string];
      const documented = document.paths[path]![method.toLowerCase()]!.responses[String(response.status)]!;
      expect(Object.keys(documented.content ?? {}), key).toContain(response.headers.get("content-type"));
    }
    checked.add(`${key} ${response.status}`);
    return response;
  }

  /** Calls `key` ("PUT /voip/flow/{uuid}") with the path's uuid, and checks the answer. */
  async function call(
    key: string,
    options: CallOptions & { uuid?: string; run?: string; callId?: string; query?: string } = {},
  ): Promise<ApiResponse> {
    const [method, template] = key.split(" ") as ["GET" | "POST" | "PUT" | "DELETE", string];
    const path =
      template
        .replace("{uuid}", options.uuid ?? "")
        .replace("{run}", options.run ?? "")
        .replace("{call_id}", encodeURIComponent(options.callId ?? "")) + (options.query ?? "");
    return conforms(key, await callApi(method, path, { ...options, headers: { ...asCustomer(), ...options.headers } }));
  }

  const uuidOf = (response: ApiResponse) => (response.json!.result as { uuid: string }).uuid;

  it("of call flows, schedules and number routing match the document", async () => {
    const flow = uuidOf(await call("POST /voip/flow", { body: busyFlow(700) }));
    const etag = (await call("GET /voip/flow/{uuid}", { uuid: flow })).headers.get("etag")!;
    await call("PUT /voip/flow/{uuid}", { uuid: flow, body: busyFlow(700, "Renamed"), headers: { "If-Match": etag } });
    await call("PUT /voip/flow/{uuid}", { uuid: flow, body: busyFlow(700), headers: { "If-Match": etag } });
    await call("GET /voip/flow");
    await call("GET /voip/next-extension/flow");
    await call("POST /voip/flow", { body: { ...busyFlow(701), colour: "blue" } });
    await call("POST /voip/flow", { body: busyFlow(700) });
    await call("GET /voip/flow/{uuid}", { uuid: crypto.randomUUID() });

    const hours = { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const scheduleBody = { name: "Office", timezone: "Europe/London", hours, holidays: "GB-ENG" };
    const schedule = uuidOf(await call("POST /voip/schedule", { body: scheduleBody }));
    await call("GET /voip/schedule");
    await call("GET /voip/schedule/{uuid}", { uuid: schedule });
    await call("PUT /voip/schedule/{uuid}", {
      uuid: schedule,
      body: { ...scheduleBody, override: "closed", override_until: "2099-01-01T00:00:00Z" },
    });
    await call("GET /voip/schedule/{uuid}/state", { uuid: schedule });
    await call("GET /voip/schedule/{uuid}/state", { uuid: schedule, query: "?at=yesterday" });

    const number = await db.phoneNumber.create({ data: { accountId: t.accounts.customerA1.id, number: uniquePhoneNumber() } });
    await call("PUT /voip/number/{uuid}", { uuid: number.id, body: { call_flow: flow, schedule, closed_call_flow: flow } });
    await call("PUT /voip/number/{uuid}", { uuid: number.id, body: { call_flow: 7 } });
    await call("GET /voip/number/{uuid}/route", { uuid: number.id });
    await call("DELETE /voip/flow/{uuid}", { uuid: flow });
    await call("DELETE /voip/schedule/{uuid}", { uuid: schedule, headers: { "If-Match": '"stale"' } });
    await call("PUT /voip/number/{uuid}", { uuid: number.id, body: {} });
    await call("DELETE /voip/schedule/{uuid}", { uuid: schedule });
    await call("DELETE /voip/flow/{uuid}", { uuid: flow });
  });

  it("of the call history match the document", async () => {
    const flow = uuidOf(await call("POST /voip/flow", { body: busyFlow(710) }));
    const startedAt = new Date(Date.now() - 120_000);
    const sent = {
      call_id: `openapi-${crypto.randomUUID()}`,
      flow,
      caller: "+447700900123",
      started_at: startedAt.toISOString(),
      ended_at: new Date(startedAt.getTime() + 61_500).toISOString(),
      outcome: "busy",
      steps: [
        { module: "s", at: startedAt.toISOString(), route: "next" },
        { module: "gone", at: startedAt.toISOString(), route: "next" },
        { module: "b", at: startedAt.toISOString() },
      ],
    };
    const stored = await call("POST /voip/call", { body: { calls: [sent, { ...sent, outcome: "lost" }] } });
    expect(stored.json!.result).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1 }] });
    expect((await call("GET /voip/call", { query: `?flow=${flow}&limit=1` })).status).toBe(200);
    await call("GET /voip/call", { query: "?outcome=lost" });
    expect((await call("GET /voip/call/{call_id}", { callId: sent.call_id })).status).toBe(200);
    await call("GET /voip/call/{call_id}", { callId: "no-such-call" });
    const stats = await call("GET /voip/flow/{uuid}/stats", { uuid: flow, query: "?version=1" });
    expect(stats.json!.result).toMatchObject({ calls: 1, outcomes: { busy: 1 }, median_duration_s: 61 });
    await call("GET /voip/flow/{uuid}/stats", { uuid: flow, query: "?from=last-week" });
    await call("POST /voip/call", { body: { calls: [] } });
  });

  it("of the resource lists and sounds match the document", async () => {
    for (const name of Object.keys(RESOURCE_LISTS)) expect((await call(`GET /voip/${name}`)).status, name).toBe(200);
    const upload = streamedSoundUpload("http://localhost/voip/sound", 16_044, {
      name: "Tone",
      headers: { ...asCustomer(), [CLIENT_IP_HEADER]: "192.0.2.10" },
    });
    const uploaded = await leanApp.fetch(upload);
    const text = await uploaded.text();
    const sound = conforms("POST /voip/sound", {
      status: uploaded.status,
      headers: uploaded.headers,
      text,
      bytes: Buffer.from(text),
      json: JSON.parse(text) as ApiResponse["json"],
    });
    expect(sound.status).toBe(201);
    expect((await call("GET /voip/sound/{uuid}/audio", { uuid: uuidOf(sound) })).status).toBe(200);
    await call("DELETE /voip/sound/{uuid}", { uuid: uuidOf(sound) });
  });

  it("of webhooks match the document", async () => {
    const body = { url: "http://127.0.0.1:9/hooks", events: ["callflow.updated"] };
    const subscription = uuidOf(await call("POST /voip/webhook", { body }));
    await call("GET /voip/webhook");
    await call("GET /voip/webhook/{uuid}", { uuid: subscription });
    await call("PUT /voip/webhook/{uuid}", { uuid: subscription, body: { ...body, enabled: false } });
    await call("PUT /voip/webhook/{uuid}", { uuid: subscription, body: { ...body, secret: "whsec_mine" } });
    await call("DELETE /voip/webhook/{uuid}", { uuid: subscription });
  });

  it("of templates and applying them match the document", async () => {
    const own = authHeaders(reseller);
    const body = {
      name: "Reception",
      flow: {
        start: { module: "start", next: "ring" },
        ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }] },
      },
      placeholders: { Reception: { kind: "sipuser" } },
    };
    await call("GET /voip/template", { headers: own });
    await call("GET /voip/template", { headers: authHeaders(customer) });
    const template = uuidOf(await call("POST /voip/template", { headers: own, body }));
    await call("GET /voip/template/{uuid}", { uuid: template, headers: own });
    await call("PUT /voip/template/{uuid}", { uuid: template, headers: own, body: { ...body, name: "Renamed" } });
    const customers = [t.accounts.customerA1.name, t.accounts.customerA2.name];
    await call("POST /voip/template/{uuid}/apply", {
      uuid: template,
      headers: own,
      body: { customers, extensions: { [t.accounts.customerA1.name]: 720 } },
    });
    const accepted = await call("POST /voip/template/{uuid}/apply", {
      uuid: template,
      headers: { ...own, Prefer: "respond-async" },
      body: { customers, publish: false },
    });
    expect(accepted.status).toBe(202);
    const run = accepted.headers.get("location")!.split("/").at(-1);
    await call("GET /voip/template/{uuid}/apply/{run}", { uuid: template, run, headers: own });
    await call("POST /voip/template/{uuid}/apply", { uuid: template, headers: own, body: { customers: [] } });
    await call("DELETE /voip/template/{uuid}", { uuid: template, headers: own });
    await call("POST /voip/template", {
      headers: { ...own, "Content-Type": "application/json", "Content-Length": String(1024 * 1024) },
      rawBody: "{}",
    });
    await call("GET /voip/flow", { headers: { "X-Auth-Password": "wrong" } });
  });

  it("of customers and plans match the document", async () => {
    const own = authHeaders(reseller);
    const plan = uuidOf(await call("POST /voip/plan", { headers: own, body: { name: "Starter", limits: { flows: 5 } } }));
    await call("GET /voip/plan", { headers: own });
    await call("GET /voip/plan/{uuid}", { uuid: plan, headers: own });
    await call("PUT /voip/plan/{uuid}", {
      uuid: plan,
      headers: own,
      body: { name: "Starter", limits: { flows: 6 }, modules: ["start", "busy"] },
    });
    const body = {
      name: `openapi-${t.suffix}`,
      display_name: "OpenAPI Ltd",
      plan,
      owner_email: `owner-${t.suffix}@example.test`,
    };
    const customer = uuidOf(await call("POST /voip/customer", { headers: own, body }));
    await call("GET /voip/customer", { headers: own, query: "?limit=10" });
    await call("GET /voip/customer/{uuid}", { uuid: customer, headers: own });
    await call("DELETE /voip/plan/{uuid}", { uuid: plan, headers: own });
    await call("PUT /voip/customer/{uuid}", {
      uuid: customer,
      headers: own,
      body: { name: body.name, plan: null, status: "suspended" },
    });
    await call("DELETE /voip/customer/{uuid}", { uuid: customer, headers: own });
    await call("DELETE /voip/plan/{uuid}", { uuid: plan, headers: own });
  });

  it("of imports and exports match the document", async () => {
    const own = authHeaders(reseller);
    const csvHeaders = { ...own, "Content-Type": "text/csv" };
    for (const [kind, csv] of [
      ["customers", `name\nopenapi-import-${t.suffix}\n`],
      ["numbers", `number,customer\n${uniquePhoneNumber()},${t.accounts.customerA1.name}\n`],
      ["users", `email,name,customer\nopenapi-${t.suffix}@example.test,Imported,${t.accounts.customerA1.name}\n`],
    ] as const) {
      await call(`POST /voip/import/${kind}`, { headers: csvHeaders, rawBody: csv, query: "?dry_run=true" });
      const started = await call(`POST /voip/import/${kind}`, { headers: csvHeaders, rawBody: csv, query: "?mode=upsert" });
      await runImport(uuidOf(started));
      await call("GET /voip/import/{uuid}", { uuid: uuidOf(started), headers: own });
      await call(`GET /voip/export/${kind}`, { headers: own });
    }
  });

  it("of branding match the document", async () => {
    // X-Auth-For its own account: `call` acts for customer A1 otherwise, which has no brand to set.
    const own = authHeaders(reseller, t.accounts.resellerA.name);
    const png = new Uint8Array(
      Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"),
    );
    await call("GET /voip/branding", { headers: own });
    await call("PUT /voip/branding", { headers: own, body: { product_name: "Acme Voice", accent_color: "#0b5d3b" } });
    await call("PUT /voip/branding", { headers: own, body: { product_name: "Acme Voice", primary_color: "#eeeeee" } });
    await call("PUT /voip/branding", { body: { product_name: "A customer's" } });
    for (const slot of ["logo", "favicon"]) {
      const image = { headers: { ...own, "Content-Type": "image/png" } };
      await call(`PUT /voip/branding/${slot}`, { ...image, rawBody: png });
      await call(`DELETE /voip/branding/${slot}`, { headers: own });
    }
  });

  it("covered every operation's success and the failures on the way", () => {
    const succeeded = new Set([...checked].filter((seen) => /\s2\d\d$/.test(seen)).map((seen) => seen.replace(/\s\d+$/, "")));
    const operations = operationsOf(document)
      .map(({ key }) => key)
      .filter((key) => key !== "GET /voip/openapi.json");
    expect(operations.filter((key) => !succeeded.has(key))).toEqual([]);
    const failures = new Set([...checked].map((seen) => seen.split(" ").at(-1)).filter((status) => Number(status) >= 400));
    expect([...failures].sort()).toEqual(["400", "401", "403", "404", "409", "412", "413"]);
  });
});
