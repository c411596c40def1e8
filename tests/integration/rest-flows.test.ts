import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCallFlow } from "@/server/services/call-flows/call-flows";
import { toApiCallFlow } from "@/server/services/representations";
import { contextAs, createAccount, createTenants, uniqueSuffix } from "./fixtures";
import { authHeaders, busyFlow, callApi, createApiUser, referenceExample, type ApiUser, type CallOptions } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let customerA1: ApiUser;
let pete: { id: string };

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  customerA1 = await createApiUser(t.accounts.customerA1);
  pete = await db.sipUser.create({ data: { accountId: t.accounts.customerA1.id, name: "Pete", extension: 201 } });
});

/** As reseller A acting for its customer A1. */
const asA1 = () => authHeaders(resellerA, t.accounts.customerA1.name);
const FLOW_FIELDS = [
  "created_on",
  "extension",
  "flow",
  "name",
  "show_call_route_name",
  "show_original_caller_id",
  "updated_on",
  "uuid",
];
const today = () => new Date().toISOString().slice(0, 10);

describe("the envelope", () => {
  it("wraps every answer in {result, status_code, status_message}, the HTTP status equal to status_code", async () => {
    const list = await callApi("GET", "/voip/flow", { headers: asA1() });
    expect(list.status).toBe(200);
    expect(Object.keys(list.json!)).toEqual(["result", "status_code", "status_message"]);
    expect(list.json).toMatchObject({ status_code: 200, status_message: "OK" });
    expect(Array.isArray(list.json!.result)).toBe(true);
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    expect(list.headers.get("cache-control")).toBe("no-store");

    const missing = await callApi("GET", `/voip/flow/${crypto.randomUUID()}`, { headers: asA1() });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ result: {}, status_code: 404, status_message: "Not Found" });
  });
});

describe("GET /voip/flow, streamed", () => {
  it("is byte for byte the whole envelope it was before, across pages of the cursor, and for an empty account", async () => {
    const a2 = t.accounts.customerA2;
    const asA2 = () => authHeaders(resellerA, a2.name);
    const empty = await callApi("GET", "/voip/flow", { headers: asA2() });
    expect(empty.text).toBe(JSON.stringify({ result: [], status_code: 200, status_message: "OK" }));
    // 23 flows: two full pages of ten and a last one of three, made out of extension order.
    for (const extension of [...Array(23).keys()].map((i) => 900 - i * 7)) {
      await createCallFlow(contextAs(t.actors.resellerA), {
        accountId: a2.id,
        document: busyFlow(extension, `Flow ${extension}`),
      });
    }
    const listed = await callApi("GET", "/voip/flow", { headers: asA2() });
    const flows = await db.callFlow.findMany({ where: { accountId: a2.id }, orderBy: { extension: "asc" } });
    expect(flows).toHaveLength(23);
    expect(listed.text).toBe(JSON.stringify({ result: flows.map(toApiCallFlow), status_code: 200, status_message: "OK" }));
    expect(listed.headers.get("content-type")).toMatch(/^application\/json/);
    expect(listed.headers.get("cache-control")).toBe("no-store");
  });

  it("an account out of reach is 404 before anything is streamed", async () => {
    const other = await callApi("GET", "/voip/flow", { headers: authHeaders(resellerA, t.accounts.customerB1.name) });
    expect(other.status).toBe(404);
  });
});

describe("the provider's reference example", () => {
  it("POSTs (201), then GETs back exactly as sent, with uuid and dates as YYYY-MM-DD", async () => {
    const example = referenceExample(pete.id, 501);
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: example });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status_code: 201, status_message: "Created" });
    const result = created.json!.result as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(FLOW_FIELDS);
    expect(result).toEqual({
      ...example,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      created_on: today(),
      updated_on: today(),
    });
    expect(created.headers.get("location")).toBe(`/voip/flow/${String(result.uuid)}`);

    const fetched = await callApi("GET", `/voip/flow/${String(result.uuid)}`, { headers: asA1() });
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual({ result, status_code: 200, status_message: "OK" });
    // The flow map comes back as sent, key order included.
    expect(fetched.text).toContain(JSON.stringify(example.flow));

    const listed = await callApi("GET", "/voip/flow", { headers: asA1() });
    expect(listed.json!.result).toContainEqual(result);
  });

  it("GET, change, PUT back whole (read-only fields included) works, and replaces the whole object", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: referenceExample(pete.id, 502) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const fetched = (await callApi("GET", `/voip/flow/${uuid}`, { headers: asA1() })).json!.result as Record<string, unknown>;

    const changed: Record<string, unknown> = { ...fetched, name: "Call Pete, changed" };
    const put = await callApi("PUT", `/voip/flow/${uuid}`, { headers: asA1(), body: changed });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ result: changed, status_code: 200, status_message: "OK" });

    // Optional fields left out return to their defaults.
    const { show_call_route_name: _a, show_original_caller_id: _b, ...withoutOptions } = changed;
    const replaced = await callApi("PUT", `/voip/flow/${uuid}`, { headers: asA1(), body: withoutOptions });
    expect(replaced.json!.result).toMatchObject({ show_call_route_name: false, show_original_caller_id: false });
  });

  it("a customer's own credential reaches its own flows without X-Auth-For", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: authHeaders(customerA1), body: busyFlow(503) });
    expect(created.status).toBe(201);
    const stored = await db.callFlow.findUniqueOrThrow({ where: { id: (created.json!.result as { uuid: string }).uuid } });
    expect(stored.accountId).toBe(t.accounts.customerA1.id);
  });
});

describe("refused bodies: the envelope, errors at their paths, nothing stored", () => {
  async function flowCount() {
    return db.callFlow.count({ where: { accountId: t.accounts.customerA1.id } });
  }

  it("an invalid flow gets 400 listing every error", async () => {
    const before = await flowCount();
    const document = { ...referenceExample(pete.id, 510), name: "" };
    document.flow["9085aa47-0ff0-4fd0-9c80-6077e1f475c2"].next["1"] = "missing-module";
    const response = await callApi("POST", "/voip/flow", { headers: asA1(), body: document });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ result: {}, status_code: 400, status_message: "Bad Request" });
    const paths = response.json!.errors!.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "flow.9085aa47-0ff0-4fd0-9c80-6077e1f475c2.next.1"]));
    expect(await flowCount()).toBe(before);
  });

  it.each<[string, CallOptions, string]>([
    ["malformed JSON", { rawBody: '{"name": "x",', headers: { "Content-Type": "application/json" } }, ""],
    ["a non-JSON content type", { rawBody: JSON.stringify(busyFlow(511)), headers: { "Content-Type": "text/plain" } }, ""],
    ["no content type", { rawBody: JSON.stringify(busyFlow(511)) }, ""],
    ["an unknown top-level field", { body: { ...busyFlow(511), colour: "blue" } }, "colour"],
  ])("%s gets 400 naming the problem", async (_, options, path) => {
    const before = await flowCount();
    const response = await callApi("POST", "/voip/flow", { ...options, headers: { ...asA1(), ...options.headers } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ result: {}, status_code: 400, status_message: "Bad Request" });
    expect(response.json!.errors).toEqual([{ path, message: expect.any(String) }]);
    expect(await flowCount()).toBe(before);
  });

  it("a body over 256 KB gets 413, whether or not Content-Length announces it", async () => {
    const before = await flowCount();
    const huge = JSON.stringify({ ...busyFlow(512), name: "x".repeat(300 * 1024) });
    const unannounced = await callApi("POST", "/voip/flow", {
      rawBody: huge,
      headers: { ...asA1(), "Content-Type": "application/json" },
    });
    expect(unannounced.status).toBe(413);
    expect(unannounced.json).toMatchObject({ result: {}, status_code: 413, status_message: "Payload Too Large" });
    const announced = await callApi("POST", "/voip/flow", {
      rawBody: "{}",
      headers: { ...asA1(), "Content-Type": "application/json", "Content-Length": String(300 * 1024) },
    });
    expect(announced.status).toBe(413);
    expect(await flowCount()).toBe(before);
  });

  it("a PUT whose body names another uuid gets 400 naming uuid, and changes nothing", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(513) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const response = await callApi("PUT", `/voip/flow/${uuid}`, {
      headers: asA1(),
      body: { ...busyFlow(513, "Renamed"), uuid: crypto.randomUUID() },
    });
    expect(response.status).toBe(400);
    expect(response.json!.errors).toEqual([{ path: "uuid", message: expect.stringContaining("uuid") }]);
    expect((await db.callFlow.findUniqueOrThrow({ where: { id: uuid } })).name).toBe("Busy line");
  });

  it("uuid, created_on and updated_on in a POST body are ignored", async () => {
    const foreignUuid = crypto.randomUUID();
    const response = await callApi("POST", "/voip/flow", {
      headers: asA1(),
      body: { ...busyFlow(514), uuid: foreignUuid, created_on: "2000-01-01", updated_on: "2000-01-01" },
    });
    expect(response.status).toBe(201);
    expect(response.json!.result).toMatchObject({ created_on: today(), updated_on: today() });
    expect((response.json!.result as { uuid: string }).uuid).not.toBe(foreignUuid);
  });
});

describe("another account's flows", () => {
  it("are not found for GET, PUT and DELETE, exactly like a uuid that does not exist, and stay unchanged", async () => {
    const sibling = await callApi("POST", "/voip/flow", {
      headers: authHeaders(resellerA, t.accounts.customerA2.name),
      body: busyFlow(520),
    });
    const siblingUuid = (sibling.json!.result as { uuid: string }).uuid;
    const before = await db.callFlow.findUniqueOrThrow({ where: { id: siblingUuid } });
    const nowhere = crypto.randomUUID();
    for (const uuid of [siblingUuid, nowhere, "not-a-uuid"]) {
      for (const [method, body] of [["GET"], ["PUT", busyFlow(520, "Hijacked")], ["DELETE"]] as const) {
        const response = await callApi(method, `/voip/flow/${uuid}`, { headers: authHeaders(customerA1), body });
        expect(response.status, `${method} ${uuid}`).toBe(404);
        expect(response.json).toEqual({ result: {}, status_code: 404, status_message: "Not Found" });
      }
    }
    expect(await db.callFlow.findUniqueOrThrow({ where: { id: siblingUuid } })).toEqual(before);
  });
});

describe("concurrent edits", () => {
  it("ETags change with every save; a stale If-Match gets 412 and changes nothing", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(530) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const firstTag = created.headers.get("etag")!;
    expect(firstTag).toMatch(/^"[^"]+"$/);
    expect((await callApi("GET", `/voip/flow/${uuid}`, { headers: asA1() })).headers.get("etag")).toBe(firstTag);

    const first = await callApi("PUT", `/voip/flow/${uuid}`, {
      headers: { ...asA1(), "If-Match": firstTag },
      body: busyFlow(530, "First"),
    });
    expect(first.status).toBe(200);
    const secondTag = first.headers.get("etag")!;
    expect(secondTag).not.toBe(firstTag);

    const before = await db.callFlow.findUniqueOrThrow({ where: { id: uuid } });
    for (const ifMatch of [firstTag, `W/${secondTag}`, '"something-else"']) {
      const stale = await callApi("PUT", `/voip/flow/${uuid}`, {
        headers: { ...asA1(), "If-Match": ifMatch },
        body: busyFlow(530, "Second"),
      });
      expect(stale.status, ifMatch).toBe(412);
      expect(stale.json).toMatchObject({ result: {}, status_code: 412, status_message: "Precondition Failed" });
      expect(stale.json!.errors![0]!.message).toMatch(/call flow has changed since the ETag in If-Match was issued/);
      const staleDelete = await callApi("DELETE", `/voip/flow/${uuid}`, { headers: { ...asA1(), "If-Match": ifMatch } });
      expect(staleDelete.status, ifMatch).toBe(412);
    }
    expect(await db.callFlow.findUniqueOrThrow({ where: { id: uuid } })).toEqual(before);
    // Another tenant's flow is not found, whatever its If-Match says: never a 412 that tells it exists.
    const resellerB = await createApiUser(t.accounts.resellerB);
    for (const ifMatch of [secondTag, '"stale"', "*"]) {
      const asB = { ...authHeaders(resellerB, t.accounts.customerB1.name), "If-Match": ifMatch };
      expect((await callApi("PUT", `/voip/flow/${uuid}`, { headers: asB, body: busyFlow(530, "B") })).status, ifMatch).toBe(404);
      expect((await callApi("DELETE", `/voip/flow/${uuid}`, { headers: asB })).status, ifMatch).toBe(404);
    }
    expect(await db.callFlow.findUniqueOrThrow({ where: { id: uuid } })).toEqual(before);

    const matching = await callApi("PUT", `/voip/flow/${uuid}`, {
      headers: { ...asA1(), "If-Match": `"other", ${secondTag}` },
      body: busyFlow(530, "Second"),
    });
    expect(matching.status).toBe(200);
    const anyVersion = await callApi("DELETE", `/voip/flow/${uuid}`, { headers: { ...asA1(), "If-Match": "*" } });
    expect(anyVersion.status).toBe(204);
  });

  it("racing POSTs for one extension: exactly one 201, the others 409 naming the extension", async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(540, `Racer ${index}`) }),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status !== 201)) {
      expect(response.status).toBe(409);
      expect(response.json).toMatchObject({ result: {}, status_code: 409, status_message: "Conflict" });
      expect(response.json!.errors).toEqual([{ path: "extension", message: expect.stringContaining("540") }]);
    }
    expect(await db.callFlow.count({ where: { accountId: t.accounts.customerA1.id, extension: 540 } })).toBe(1);
  });
});

describe("deleting", () => {
  it("answers 204 with an empty body; the flow is gone", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(550) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const deleted = await callApi("DELETE", `/voip/flow/${uuid}`, { headers: asA1() });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await callApi("GET", `/voip/flow/${uuid}`, { headers: asA1() })).status).toBe(404);
  });

  it("a flow a phone number uses gets 409 naming the number, and stays", async () => {
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(551) });
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const number = `+4479${String(Date.now()).slice(-8)}`;
    await db.phoneNumber.create({ data: { accountId: t.accounts.customerA1.id, number, callFlowId: uuid } });
    const response = await callApi("DELETE", `/voip/flow/${uuid}`, { headers: asA1() });
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ result: {}, status_code: 409, status_message: "Conflict" });
    expect(response.json!.errors![0]!.message).toContain(number);
    expect(await db.callFlow.findUnique({ where: { id: uuid } })).not.toBeNull();
  });
});

describe("the next free extension", () => {
  it("is {extension: N}, and 404 once the account's range is full", async () => {
    const account = await createAccount(`next-ext-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    await db.account.update({ where: { id: account.id }, data: { flowExtensionMin: 600, flowExtensionMax: 601 } });
    const headers = authHeaders(resellerA, account.name);
    expect((await callApi("GET", "/voip/next-extension/flow", { headers })).json).toEqual({
      result: { extension: 600 },
      status_code: 200,
      status_message: "OK",
    });
    await callApi("POST", "/voip/flow", { headers, body: busyFlow(600) });
    expect((await callApi("GET", "/voip/next-extension/flow", { headers })).json!.result).toEqual({ extension: 601 });
    await callApi("POST", "/voip/flow", { headers, body: busyFlow(601) });
    const full = await callApi("GET", "/voip/next-extension/flow", { headers });
    expect(full.status).toBe(404);
    expect(full.json).toEqual({ result: {}, status_code: 404, status_message: "Not Found" });
  });
});

describe("read-only resource lists", () => {
  it("list the account's own resources only, with the uuids a flow points at", async () => {
    const account = await createAccount(`lists-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
    const accountId = account.id;
    const user = await db.sipUser.create({ data: { accountId, name: "Reception", extension: 201 } });
    const group = await db.huntGroup.create({ data: { accountId, name: "Support", extension: 300 } });
    const sound = await db.sound.create({ data: { accountId, name: "Welcome" } });
    const playlist = await db.playlist.create({ data: { accountId, name: "Hold music" } });
    const mailbox = await db.mailbox.create({ data: { accountId, name: "General", boxNumber: 1 } });
    const trunk = await db.trunk.create({ data: { accountId, name: "PBX" } });
    const number = await db.phoneNumber.create({ data: { accountId, number: `+4478${String(Date.now()).slice(-8)}` } });
    // Someone else's, never listed.
    await db.sound.create({ data: { accountId: t.accounts.customerB1.id, name: "Not yours" } });

    const expected = {
      user: [{ extension: 201, name: "Reception", uuid: user.id }],
      group: [{ extension: 300, name: "Support", uuid: group.id }],
      sound: [{ duration_ms: null, format: null, name: "Welcome", uuid: sound.id }],
      playlist: [{ name: "Hold music", uuid: playlist.id }],
      mailbox: [{ box_number: 1, name: "General", uuid: mailbox.id }],
      trunk: [{ name: "PBX", uuid: trunk.id }],
      number: [{ call_flow: null, closed_call_flow: null, number: number.number, schedule: null, uuid: number.id }],
    };
    for (const [resource, result] of Object.entries(expected)) {
      const response = await callApi("GET", `/voip/${resource}`, { headers: authHeaders(resellerA, account.name) });
      expect(response.json, resource).toEqual({ result, status_code: 200, status_message: "OK" });
    }
  });

  it("an unknown list is 404 in the envelope", async () => {
    const response = await callApi("GET", "/voip/unknown-things", { headers: asA1() });
    expect(response.json).toEqual({ result: {}, status_code: 404, status_message: "Not Found" });
  });
});
