import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCallFlow, deleteCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { ingestCalls } from "@/server/services/calls/calls";
import { encryptTotpSecret } from "@/server/auth/two-factor";
import { tone } from "@/tests/support/audio";
import { callerAs, contextAs, createTenants, createUserIn, uniqueSuffix } from "./fixtures";
import { type ApiUser, authHeaders, callApi, createApiUser } from "./rest-client";
import { fileRoutes, sessionCookie } from "./portal-routes";
import {
  accountIdsOf,
  actorOfRole,
  auditEventsDuring,
  busyFlow,
  counter,
  type Role,
  ROLES,
  type Tenants,
  trpcCode,
  uniquePhoneNumber,
} from "./procedure-helpers";

/**
 * Every procedure of callFlows, resources and audit, called as every kind of actor against
 * customer A1's data, each with its expected outcome: a foreign account or object is NOT_FOUND
 * (never FORBIDDEN), signed out is UNAUTHORIZED. Each call also checks the audit trail: a
 * mutation that succeeds writes exactly its one event, anything that fails writes none.
 */

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});

type Outcome = "OK" | "NOT_FOUND" | "FORBIDDEN" | "UNAUTHORIZED" | "PRECONDITION_FAILED";
type Caller = ReturnType<typeof callerAs>;

const actorOf = (role: Role) => actorOfRole(t, role);

/** The account a role would name if it tried A1's object through an account it does own. */
function ownAccountOf(role: "otherReseller" | "sibling"): string {
  return role === "otherReseller" ? t.accounts.customerB1.id : t.accounts.customerA2.id;
}

const A1_DATA: Record<Role, Outcome> = {
  admin: "OK",
  ownerReseller: "OK",
  otherReseller: "NOT_FOUND",
  owner: "OK",
  sibling: "NOT_FOUND",
  signedOut: "UNAUTHORIZED",
};
const ANYONE_SIGNED_IN: Record<Role, Outcome> = { ...A1_DATA, otherReseller: "OK", sibling: "OK" };
const ADMINS_ONLY: Record<Role, Outcome> = {
  admin: "OK",
  ownerReseller: "FORBIDDEN",
  otherReseller: "FORBIDDEN",
  owner: "FORBIDDEN",
  sibling: "FORBIDDEN",
  signedOut: "UNAUTHORIZED",
};
/** Phone-number inventory: staff who reach A1; customers are refused by role before any lookup. */
const STAFF_ON_A1: Record<Role, Outcome> = { ...A1_DATA, owner: "FORBIDDEN", sibling: "FORBIDDEN" };
const STAFF: Record<Role, Outcome> = { ...STAFF_ON_A1, otherReseller: "OK" };
const DELETED_FLOW_HISTORY: Record<Role, Outcome> = { ...A1_DATA, ownerReseller: "NOT_FOUND", owner: "NOT_FOUND" };

type Case<F> = {
  procedure: string;
  expected: Record<Role, Outcome>;
  /** The audit actions a successful call writes, in order; none for reads. */
  audits?: string | string[];
  /** Whether the call names one of A1's objects, to be tried through the caller's own account too. */
  objectScoped?: boolean;
  /** Fresh objects for one call, made before the audit trail is watched. */
  prepare: () => Promise<F>;
  call: (caller: Caller, accountId: string, fixture: F) => Promise<unknown>;
};

function defineCase<F>(c: Case<F>): Case<unknown> {
  return c as Case<unknown>;
}

const nextExtension = counter(500);
const nextResourceNumber = counter(2000);
const a1 = () => t.accounts.customerA1.id;
const asOwner = () => contextAs(t.actors.customerA1);
const noFixture = async () => null;

async function flowWithTwoVersions() {
  const extension = nextExtension();
  const flow = await createCallFlow(asOwner(), { accountId: a1(), document: busyFlow(extension, "First") });
  return updateCallFlow(asOwner(), { accountId: a1(), id: flow.id, document: busyFlow(extension, "Second"), expectedVersion: 1 });
}

async function deletedFlow() {
  const flow = await flowWithTwoVersions();
  await deleteCallFlow(asOwner(), { accountId: a1(), id: flow.id });
  return flow;
}

const seedFlow = () => createCallFlow(asOwner(), { accountId: a1(), document: busyFlow(nextExtension()) });

const callFlowCases = [
  defineCase({
    procedure: "callFlows.list",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.callFlows.list({ accountId, search: "Busy" }),
  }),
  defineCase({
    procedure: "callFlows.get",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedFlow,
    call: (caller, accountId, flow) => caller.callFlows.get({ accountId, id: flow.id }),
  }),
  defineCase({
    procedure: "callFlows.create",
    expected: A1_DATA,
    audits: "callflow.create",
    prepare: async () => busyFlow(nextExtension()),
    call: (caller, accountId, document) => caller.callFlows.create({ accountId, document }),
  }),
  defineCase({
    procedure: "callFlows.update",
    expected: A1_DATA,
    audits: "callflow.update",
    objectScoped: true,
    prepare: seedFlow,
    call: (caller, accountId, flow) =>
      caller.callFlows.update({ accountId, id: flow.id, expectedVersion: 1, document: busyFlow(flow.extension, "Edited") }),
  }),
  defineCase({
    procedure: "callFlows.delete",
    expected: A1_DATA,
    audits: "callflow.delete",
    objectScoped: true,
    prepare: seedFlow,
    call: (caller, accountId, flow) => caller.callFlows.delete({ accountId, id: flow.id }),
  }),
  defineCase({
    procedure: "callFlows.duplicate",
    expected: A1_DATA,
    audits: "callflow.duplicate",
    objectScoped: true,
    prepare: seedFlow,
    call: (caller, accountId, flow) => caller.callFlows.duplicate({ accountId, id: flow.id, name: "Copy" }),
  }),
  defineCase({
    procedure: "callFlows.nextExtension",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.callFlows.nextExtension({ accountId }),
  }),
  defineCase({
    procedure: "callFlows.validate",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.callFlows.validate({ accountId, document: busyFlow(999) }),
  }),
  defineCase({
    procedure: "callFlows.history",
    expected: A1_DATA,
    objectScoped: true,
    prepare: flowWithTwoVersions,
    call: (caller, accountId, flow) => caller.callFlows.history({ accountId, id: flow.id }),
  }),
  defineCase({
    procedure: "callFlows.history of a deleted flow",
    expected: DELETED_FLOW_HISTORY,
    objectScoped: true,
    prepare: deletedFlow,
    call: (caller, accountId, flow) => caller.callFlows.history({ accountId, id: flow.id }),
  }),
  defineCase({
    procedure: "callFlows.compare",
    expected: A1_DATA,
    objectScoped: true,
    prepare: flowWithTwoVersions,
    call: (caller, accountId, flow) => caller.callFlows.compare({ accountId, id: flow.id, fromVersion: 1, toVersion: 2 }),
  }),
  defineCase({
    procedure: "callFlows.compare of a deleted flow",
    expected: DELETED_FLOW_HISTORY,
    objectScoped: true,
    prepare: deletedFlow,
    call: (caller, accountId, flow) => caller.callFlows.compare({ accountId, id: flow.id, fromVersion: 1, toVersion: 2 }),
  }),
  defineCase({
    procedure: "callFlows.restore",
    expected: A1_DATA,
    audits: "callflow.restore",
    objectScoped: true,
    prepare: flowWithTwoVersions,
    call: (caller, accountId, flow) => caller.callFlows.restore({ accountId, id: flow.id, version: 1, expectedVersion: 2 }),
  }),
];

type ResourceCalls = {
  list(input: { accountId: string }): Promise<unknown>;
  create(input: { accountId: string }): Promise<unknown>;
  update(input: { accountId: string; id: string }): Promise<unknown>;
  delete(input: { accountId: string; id: string }): Promise<unknown>;
};

type ResourceKindFixture = {
  entityType: string;
  /** Stores one for A1 directly. */
  seed: () => Promise<{ id: string }>;
  /** The fields of a valid create or update. */
  fields: () => Record<string, unknown>;
};

const RESOURCE_KINDS: Record<Exclude<keyof Caller["resources"], "phoneNumbers">, ResourceKindFixture> = {
  sipUsers: {
    entityType: "sipuser",
    seed: () => db.sipUser.create({ data: { accountId: a1(), name: "Seeded", extension: nextResourceNumber() } }),
    fields: () => ({ name: "Desk", extension: nextResourceNumber(), hasMailbox: false }),
  },
  huntGroups: {
    entityType: "huntgroup",
    seed: () => db.huntGroup.create({ data: { accountId: a1(), name: "Seeded", extension: nextResourceNumber() } }),
    fields: () => ({ name: "Support", extension: nextResourceNumber() }),
  },
  sounds: {
    entityType: "sound",
    seed: () => db.sound.create({ data: { accountId: a1(), name: "Seeded" } }),
    fields: () => ({ name: "Greeting" }),
  },
  playlists: {
    entityType: "playlist",
    seed: () => db.playlist.create({ data: { accountId: a1(), name: "Seeded" } }),
    fields: () => ({ name: "Hold music" }),
  },
  trunks: {
    entityType: "trunk",
    seed: () => db.trunk.create({ data: { accountId: a1(), name: "Seeded" } }),
    fields: () => ({ name: "PBX" }),
  },
  mailboxes: {
    entityType: "mailbox",
    seed: () => db.mailbox.create({ data: { accountId: a1(), name: "Seeded", boxNumber: nextResourceNumber() } }),
    fields: () => ({ name: "Sales", boxNumber: nextResourceNumber() }),
  },
};

const resourceCases = Object.entries(RESOURCE_KINDS).flatMap(([kind, { entityType, seed, fields }]) => {
  const api = (caller: Caller) => caller.resources[kind as keyof Caller["resources"]] as ResourceCalls;
  return [
    defineCase({
      procedure: `resources.${kind}.list`,
      expected: A1_DATA,
      prepare: noFixture,
      call: (caller, accountId) => api(caller).list({ accountId }),
    }),
    defineCase({
      procedure: `resources.${kind}.create`,
      expected: A1_DATA,
      audits: `${entityType}.create`,
      prepare: async () => fields(),
      call: (caller, accountId, input) => api(caller).create({ accountId, ...input }),
    }),
    defineCase({
      procedure: `resources.${kind}.update`,
      expected: A1_DATA,
      audits: `${entityType}.update`,
      objectScoped: true,
      prepare: async () => ({ row: await seed(), input: fields() }),
      call: (caller, accountId, { row, input }) => api(caller).update({ accountId, id: row.id, ...input }),
    }),
    defineCase({
      procedure: `resources.${kind}.delete`,
      expected: A1_DATA,
      audits: `${entityType}.delete`,
      objectScoped: true,
      prepare: seed,
      call: (caller, accountId, row) => api(caller).delete({ accountId, id: row.id }),
    }),
  ];
});

const seedNumber = () => db.phoneNumber.create({ data: { accountId: a1(), number: uniquePhoneNumber() } });
const numbers = (caller: Caller) => caller.resources.phoneNumbers;

const phoneNumberCases = [
  defineCase({
    procedure: "resources.phoneNumbers.list",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => numbers(caller).list({ accountId }),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.create",
    expected: STAFF_ON_A1,
    audits: "phonenumber.create",
    prepare: noFixture,
    call: (caller, accountId) => numbers(caller).create({ accountId, number: uniquePhoneNumber(), callFlowId: null }),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.assign (release to the reseller)",
    expected: STAFF_ON_A1,
    audits: ["phonenumber.unassign", "phonenumber.assign"],
    prepare: seedNumber,
    call: (caller, accountId, row) => numbers(caller).assign({ accountId, id: row.id, toAccountId: null }),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.delete",
    expected: STAFF_ON_A1,
    audits: "phonenumber.delete",
    prepare: seedNumber,
    call: (caller, accountId, row) => numbers(caller).delete({ accountId, id: row.id }),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.assignableAccounts",
    expected: STAFF,
    prepare: noFixture,
    call: (caller) => numbers(caller).assignableAccounts(),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.inventory of A1's numbers",
    expected: STAFF_ON_A1,
    prepare: noFixture,
    call: (caller, accountId) => numbers(caller).inventory({ holderId: accountId }),
  }),
  defineCase({
    procedure: "resources.phoneNumbers.inventory of everything in reach",
    expected: STAFF,
    prepare: noFixture,
    call: (caller) => numbers(caller).inventory({ unassigned: true }),
  }),
];

/** Beyond the four every kind has: the speech voices, and a sound spoken from text. */
const soundCases = [
  defineCase({
    procedure: "resources.sounds.voices",
    expected: ANYONE_SIGNED_IN,
    prepare: noFixture,
    call: (caller) => caller.resources.sounds.voices(),
  }),
  defineCase({
    procedure: "resources.sounds.speak",
    expected: A1_DATA,
    audits: "sound.create",
    prepare: noFixture,
    call: (caller, accountId) => caller.resources.sounds.speak({ accountId, name: "Spoken", text: "Hello.", voice: "en-gb" }),
  }),
];

const auditCases = [
  defineCase({
    procedure: "audit.query for A1",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.audit.query({ accountId }),
  }),
  defineCase({
    procedure: "audit.query of everything in reach",
    expected: ANYONE_SIGNED_IN,
    prepare: noFixture,
    call: (caller) => caller.audit.query({}),
  }),
  defineCase({
    procedure: "audit.event of an A1 event",
    expected: A1_DATA,
    // The event of a flow saved on A1, whichever account the caller names.
    prepare: async () => {
      const flow = await seedFlow();
      return (await db.auditEvent.findFirstOrThrow({ where: { entityId: flow.id }, select: { id: true } })).id.toString();
    },
    call: (caller, _accountId, eventId) => caller.audit.event({ id: eventId }),
  }),
  // Suggestions for the filters: each caller's own reach (audit-names.test.ts checks whose).
  defineCase({
    procedure: "audit.accounts",
    expected: ANYONE_SIGNED_IN,
    prepare: noFixture,
    call: (caller) => caller.audit.accounts({ search: "a" }),
  }),
  defineCase({
    procedure: "audit.actors",
    expected: ANYONE_SIGNED_IN,
    prepare: noFixture,
    call: (caller) => caller.audit.actors({ search: "a" }),
  }),
  defineCase({
    procedure: "audit.recentChanges of A1",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.audit.recentChanges({ accountId }),
  }),
  defineCase({
    procedure: "audit.verifyChain",
    expected: ADMINS_ONLY,
    prepare: noFixture,
    call: (caller) => caller.audit.verifyChain(),
  }),
];

/** A call on A1's flow, as the switch reports it (POST /voip/call's service). */
async function seedCall() {
  const flow = await seedFlow();
  const callId = `call-${uniqueSuffix()}`;
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  const result = await ingestCalls(asOwner(), {
    accountId: a1(),
    calls: [
      {
        call_id: callId,
        flow: flow.id,
        started_at: startedAt,
        ended_at: new Date().toISOString(),
        outcome: "answered",
        steps: [],
      },
    ],
  });
  if (result.accepted !== 1) throw new Error(`the call was not stored: ${JSON.stringify(result)}`);
  return { callId, flowId: flow.id };
}

const callCases = [
  defineCase({
    procedure: "calls.list",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.calls.list({ accountId }),
  }),
  defineCase({
    procedure: "calls.get",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedCall,
    call: (caller, accountId, call) => caller.calls.get({ accountId, callId: call.callId }),
  }),
  defineCase({
    procedure: "calls.flowStats",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedCall,
    call: (caller, accountId, call) => caller.calls.flowStats({ accountId, flowId: call.flowId }),
  }),
  defineCase({
    procedure: "calls.flowOutcomesByDay",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedCall,
    call: (caller, accountId, call) => caller.calls.flowOutcomesByDay({ accountId, flowId: call.flowId }),
  }),
  defineCase({
    procedure: "calls.flowVersions",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedCall,
    call: (caller, accountId, call) => caller.calls.flowVersions({ accountId, flowId: call.flowId }),
  }),
  defineCase({
    procedure: "calls.overview",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.calls.overview({ accountId }),
  }),
];

/** Procedures on one of A1's users (they name the user only, never an account). */
async function seedUserWithTwoFactor() {
  const user = await createUserIn(t.accounts.customerA1, "customer", `two-factor-${uniqueSuffix()}@example.test`);
  await db.user.update({ where: { id: user.id }, data: { totpSecret: encryptTotpSecret(user.id, "JBSWY3DPEHPK3PXP") } });
  return user;
}
const userCases = [
  defineCase({
    procedure: "users.resetTwoFactor",
    expected: A1_DATA,
    audits: "user.two_factor_reset",
    prepare: seedUserWithTwoFactor,
    call: (caller, _accountId, user) => caller.users.resetTwoFactor({ id: user.id }),
  }),
];

// ─── BRANDING ─── a reseller's brand and custom domains live on reseller A's account: its own
// reseller and the admin reach it, A's customers and the other reseller do not (NOT_FOUND).
const resellerA = () => t.accounts.resellerA.id;
const RESELLER_A_DATA: Record<Role, Outcome> = { ...A1_DATA, owner: "NOT_FOUND" };
const APPROVERS: Record<Role, Outcome> = { ...ADMINS_ONLY };
const TINY_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const seedDomain = () =>
  db.customDomain.create({
    data: { accountId: resellerA(), hostname: `matrix-${uniqueSuffix()}.reseller.example`, verificationToken: "token" },
  });
/** Branding procedures name A1 through `accountId` in the matrix; these name reseller A instead. */
const onResellerA = (accountId: string) => (accountId === a1() ? resellerA() : accountId);
const brandingCases = [
  defineCase({
    procedure: "branding.get",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.branding.get({ accountId }),
  }),
  defineCase({
    procedure: "branding.update",
    expected: RESELLER_A_DATA,
    audits: "brand.update",
    prepare: noFixture,
    call: (caller, accountId) => caller.branding.update({ accountId: onResellerA(accountId), fields: { productName: "Matrix" } }),
  }),
  defineCase({
    procedure: "branding.reset",
    expected: RESELLER_A_DATA,
    audits: "brand.reset",
    prepare: () =>
      db.brand.upsert({
        where: { accountId: resellerA() },
        create: { accountId: resellerA(), productName: "Reset me", primaryColor: "#123456", accentColor: "#123456" },
        update: {},
      }),
    call: (caller, accountId) => caller.branding.reset({ accountId: onResellerA(accountId) }),
  }),
  defineCase({
    procedure: "branding.uploadImage",
    expected: RESELLER_A_DATA,
    audits: "brand.logo_set",
    prepare: noFixture,
    call: (caller, accountId) =>
      caller.branding.uploadImage({ accountId: onResellerA(accountId), slot: "logo", base64: TINY_PNG }),
  }),
  defineCase({
    procedure: "branding.removeImage",
    expected: RESELLER_A_DATA,
    audits: "brand.favicon_remove",
    prepare: () =>
      db.brand.upsert({
        where: { accountId: resellerA() },
        create: {
          accountId: resellerA(),
          productName: "Icon",
          primaryColor: "#123456",
          accentColor: "#123456",
          favicon: Buffer.from(TINY_PNG, "base64"),
          faviconType: "image/png",
        },
        update: { favicon: Buffer.from(TINY_PNG, "base64"), faviconType: "image/png" },
      }),
    call: (caller, accountId) => caller.branding.removeImage({ accountId: onResellerA(accountId), slot: "favicon" }),
  }),
  defineCase({
    procedure: "branding.previewInvitation",
    expected: A1_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.branding.previewInvitation({ accountId, invitationSubject: "Hi {{name}}" }),
  }),
  defineCase({
    procedure: "branding.domains.list",
    expected: RESELLER_A_DATA,
    prepare: noFixture,
    call: (caller, accountId) => caller.branding.domains.list({ accountId: onResellerA(accountId) }),
  }),
  defineCase({
    procedure: "branding.domains.add",
    expected: RESELLER_A_DATA,
    audits: "domain.create",
    prepare: noFixture,
    call: (caller, accountId) =>
      caller.branding.domains.add({ accountId: onResellerA(accountId), hostname: `add-${uniqueSuffix()}.reseller.example` }),
  }),
  defineCase({
    procedure: "branding.domains.remove",
    expected: RESELLER_A_DATA,
    audits: "domain.delete",
    objectScoped: true,
    prepare: seedDomain,
    call: (caller, accountId, domain) => caller.branding.domains.remove({ accountId: onResellerA(accountId), id: domain.id }),
  }),
  defineCase({
    procedure: "branding.domains.verify",
    // Without a TXT record the check fails for those who reach it; the others never learn it exists.
    expected: { ...RESELLER_A_DATA, admin: "PRECONDITION_FAILED", ownerReseller: "PRECONDITION_FAILED" } as Record<Role, Outcome>,
    objectScoped: true,
    prepare: seedDomain,
    call: (caller, accountId, domain) => caller.branding.domains.verify({ accountId: onResellerA(accountId), id: domain.id }),
  }),
  defineCase({
    procedure: "branding.domains.approve",
    expected: APPROVERS,
    audits: "domain.activate",
    prepare: seedDomain,
    call: (caller, accountId, domain) => caller.branding.domains.approve({ accountId: onResellerA(accountId), id: domain.id }),
  }),
];

/** Calls the procedure as `role` on fresh objects; the outcome and the audit actions it wrote. */
async function attempt(c: Case<unknown>, role: Role, accountId: string) {
  const fixture = await c.prepare();
  let outcome = "";
  const events = await auditEventsDuring(accountIdsOf(t), async () => {
    outcome = await trpcCode(c.call(callerAs(actorOf(role)), accountId, fixture));
  });
  return { outcome, actions: events.map((event) => event.action) };
}

type Attempted = { outcome: string; actions: string[] };

/** The matrix's tests of one case: every role on A1, and the foreign roles through their own account. */
function matrixTests(
  c: Pick<Case<unknown>, "expected" | "audits" | "objectScoped">,
  attemptAs: (role: Role, accountId: string) => Promise<Attempted>,
) {
  it.each(ROLES)("as %s", async (role) => {
    const { outcome, actions } = await attemptAs(role, a1());
    expect(outcome).toBe(c.expected[role]);
    expect(actions).toEqual(outcome === "OK" && c.audits ? [c.audits].flat() : []);
  });

  if (c.objectScoped) {
    it.each(["otherReseller", "sibling"] as const)(
      "as %s, naming A1's object through its own account: NOT_FOUND",
      async (role) => {
        expect(await attemptAs(role, ownAccountOf(role))).toEqual({ outcome: "NOT_FOUND", actions: [] });
      },
    );
  }
}

describe.each([
  ["callFlows", callFlowCases],
  ["resources", [...resourceCases, ...soundCases]],
  ["phone numbers", phoneNumberCases],
  ["audit", auditCases],
  ["users", userCases],
  ["branding", brandingCases],
  ["calls", callCases],
])("authorization matrix: %s", (_router, cases) => {
  describe.each(cases.map((c) => [c.procedure, c] as const))("%s", (_procedure, c) => {
    matrixTests(c, (role, accountId) => attempt(c, role, accountId));
  });
});

// ─── THE PORTAL'S FILE ROUTES ─── the same matrix over HTTP: the session cookie of each role
// (none when signed out), as the portal's own pages send it; the status says the outcome.

type FileCase<F> = Omit<Case<F>, "procedure" | "call"> & {
  route: string;
  call: (session: { cookie?: string; headers: Record<string, string> }, accountId: string, fixture: F) => Promise<Response>;
};

function defineFileCase<F>(c: FileCase<F>): FileCase<unknown> {
  return c as FileCase<unknown>;
}

const OUTCOME_OF_STATUS: Record<number, Outcome> = {
  200: "OK",
  201: "OK",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
};

async function soundUploadForm(name: string): Promise<FormData> {
  const form = new FormData();
  form.append("name", name);
  form.append("file", new Blob([new Uint8Array(await tone("wav", 0.2))]), "sound.wav");
  return form;
}

const fileCases = [
  defineFileCase({
    route: "POST /api/accounts/{accountId}/sounds",
    expected: A1_DATA,
    audits: "sound.create",
    prepare: () => soundUploadForm("Uploaded"),
    call: (session, accountId, form) => fileRoutes.soundUpload(accountId, { ...session, body: form as FormData }),
  }),
  defineFileCase({
    route: "GET /api/accounts/{accountId}/sounds/{soundId}/audio",
    expected: A1_DATA,
    objectScoped: true,
    prepare: async () => {
      const uploaded = await fileRoutes.soundUpload(a1(), {
        cookie: await sessionCookie(t.actors.customerA1.userId),
        headers: { "Sec-Fetch-Site": "same-origin" },
        body: await soundUploadForm("Played"),
      });
      return ((await uploaded.json()) as { id: string }).id;
    },
    call: (session, accountId, soundId) => fileRoutes.soundAudio(accountId, soundId as string, session),
  }),
  defineFileCase({
    route: "POST /api/imports/{kind}",
    expected: STAFF,
    prepare: async () => `name\nmatrix-${uniqueSuffix()}\n`,
    call: (session, _accountId, csv) =>
      fileRoutes.importDryRun("customers", {
        ...session,
        headers: { ...session.headers, "Content-Type": "text/csv" },
        body: csv as string,
      }),
  }),
  defineFileCase({
    route: "GET /api/exports/{kind}",
    expected: STAFF,
    prepare: noFixture,
    call: (session) => fileRoutes.exportCsv("customers", session),
  }),
  defineFileCase({
    route: "GET /api/accounts/{accountId}/flows/{flowId}/calls",
    expected: A1_DATA,
    objectScoped: true,
    prepare: seedCall,
    call: (session, accountId, call) => fileRoutes.flowCallsCsv(accountId, call.flowId, "", session),
  }),
  defineFileCase({
    route: "GET /api/audit/export",
    expected: ANYONE_SIGNED_IN,
    prepare: noFixture,
    call: (session) => fileRoutes.auditExport(session),
  }),
];

async function attemptFileRoute(c: FileCase<unknown>, role: Role, accountId: string) {
  const fixture = await c.prepare();
  const actor = actorOf(role);
  const session = { cookie: actor ? await sessionCookie(actor.userId) : undefined, headers: { "Sec-Fetch-Site": "same-origin" } };
  let outcome = "";
  const events = await auditEventsDuring(accountIdsOf(t), async () => {
    const response = await c.call(session, accountId, fixture);
    await response.body?.cancel();
    outcome = OUTCOME_OF_STATUS[response.status] ?? `HTTP ${response.status}`;
  });
  return { outcome, actions: events.map((event) => event.action) };
}

describe.each(fileCases.map((c) => [c.route, c] as const))("authorization matrix: file route %s", (_route, c) => {
  matrixTests(c, (role, accountId) => attemptFileRoute(c, role, accountId));
});

it("covers every file route", () => {
  expect(fileCases.map((c) => c.route).sort()).toEqual(
    [
      "GET /api/accounts/{accountId}/sounds/{soundId}/audio",
      "GET /api/accounts/{accountId}/flows/{flowId}/calls",
      "GET /api/audit/export",
      "POST /api/accounts/{accountId}/sounds",
      "POST /api/imports/{kind}",
      "GET /api/exports/{kind}",
    ].sort(),
  );
  expect(Object.keys(fileRoutes).length).toBe(fileCases.length);
});

it("another reseller naming A1's number through its own account cannot assign or delete it: NOT_FOUND", async () => {
  for (const call of [
    (row: { id: string }) =>
      numbers(callerAs(t.actors.resellerB)).assign({ accountId: ownAccountOf("otherReseller"), id: row.id, toAccountId: null }),
    (row: { id: string }) =>
      numbers(callerAs(t.actors.resellerB)).delete({ accountId: ownAccountOf("otherReseller"), id: row.id }),
  ]) {
    const row = await seedNumber();
    const events = await auditEventsDuring(accountIdsOf(t), async () => expect(await trpcCode(call(row))).toBe("NOT_FOUND"));
    expect(events).toEqual([]);
  }
});

it("covers every procedure of the four routers", async () => {
  const { appRouter } = await import("@/server/trpc/root");
  const procedures = Object.keys(appRouter._def.procedures).filter((path) =>
    /^(callFlows|resources|audit|branding|calls)\./.test(path),
  );
  const covered = new Set(
    [...callFlowCases, ...resourceCases, ...soundCases, ...phoneNumberCases, ...auditCases, ...brandingCases, ...callCases].map(
      (c) => c.procedure.split(" ")[0],
    ),
  );
  expect(procedures.filter((path) => !covered.has(path))).toEqual([]);
});

// ─── THE REST API'S CUSTOMERS, PLANS AND IMPORTS ─── each called by the API user of every kind
// of account on reseller A's objects: only A's own API user reaches them; another reseller's gets
// 404 (never 403), a customer's API user 403 before anything is looked up (404 for a run, which
// is matched by its owner alone), and the platform's 403 for customers and 404 for A's plans.

type RestRole = "ownerReseller" | "otherReseller" | "customer" | "platform";
const REST_ROLES: readonly RestRole[] = ["ownerReseller", "otherReseller", "customer", "platform"];
const OUTCOME_OF_REST_STATUS: Record<number, Outcome> = {
  200: "OK",
  201: "OK",
  202: "OK",
  204: "OK",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
};

const RESELLER_ONLY: Record<RestRole, Outcome> = {
  ownerReseller: "OK",
  otherReseller: "NOT_FOUND",
  customer: "FORBIDDEN",
  platform: "FORBIDDEN",
};
const PLAN_OWNER_ONLY: Record<RestRole, Outcome> = { ...RESELLER_ONLY, platform: "NOT_FOUND" };
const RUN_OWNER_ONLY: Record<RestRole, Outcome> = { ...RESELLER_ONLY, customer: "NOT_FOUND", platform: "NOT_FOUND" };

type RestCase = {
  route: string;
  expected: Record<RestRole, Outcome>;
  /** A fresh object of reseller A's, by uuid. */
  prepare: () => Promise<string>;
  call: (headers: Record<string, string>, uuid: string) => Promise<{ status: number }>;
};

let restUsers: Record<RestRole, ApiUser>;
beforeAll(async () => {
  restUsers = {
    ownerReseller: await createApiUser(t.accounts.resellerA),
    otherReseller: await createApiUser(t.accounts.resellerB),
    customer: await createApiUser(t.accounts.customerA1),
    platform: await createApiUser(t.accounts.root),
  };
});

const asResellerA = () => authHeaders(restUsers.ownerReseller);
const newCustomerOfA = async () => {
  const answer = await callApi("POST", "/voip/customer", { headers: asResellerA(), body: { name: `matrix-${uniqueSuffix()}` } });
  return (answer.json!.result as { uuid: string }).uuid;
};
const suspendedCustomerOfA = async () => {
  const uuid = await newCustomerOfA();
  await db.account.update({ where: { id: uuid }, data: { status: "suspended" } });
  return uuid;
};
const newPlanOfA = async () => {
  const answer = await callApi("POST", "/voip/plan", { headers: asResellerA(), body: { name: `Matrix ${uniqueSuffix()}` } });
  return (answer.json!.result as { uuid: string }).uuid;
};
const PLAN_BODY = { name: "Renamed plan", limits: { flows: 3 } };

const restCases: RestCase[] = [
  {
    route: "GET /voip/customer/{uuid}",
    expected: RESELLER_ONLY,
    prepare: newCustomerOfA,
    call: (headers, uuid) => callApi("GET", `/voip/customer/${uuid}`, { headers }),
  },
  {
    route: "PUT /voip/customer/{uuid}",
    expected: RESELLER_ONLY,
    prepare: newCustomerOfA,
    call: async (headers, uuid) => {
      const { name } = await db.account.findUniqueOrThrow({ where: { id: uuid } });
      return callApi("PUT", `/voip/customer/${uuid}`, { headers, body: { name, display_name: "Renamed" } });
    },
  },
  {
    route: "DELETE /voip/customer/{uuid}",
    expected: RESELLER_ONLY,
    prepare: suspendedCustomerOfA,
    call: (headers, uuid) => callApi("DELETE", `/voip/customer/${uuid}`, { headers }),
  },
  {
    route: "GET /voip/plan/{uuid}",
    expected: PLAN_OWNER_ONLY,
    prepare: newPlanOfA,
    call: (headers, uuid) => callApi("GET", `/voip/plan/${uuid}`, { headers }),
  },
  {
    route: "PUT /voip/plan/{uuid}",
    expected: PLAN_OWNER_ONLY,
    prepare: newPlanOfA,
    call: (headers, uuid) => callApi("PUT", `/voip/plan/${uuid}`, { headers, body: PLAN_BODY }),
  },
  {
    route: "DELETE /voip/plan/{uuid}",
    expected: PLAN_OWNER_ONLY,
    prepare: newPlanOfA,
    call: (headers, uuid) => callApi("DELETE", `/voip/plan/${uuid}`, { headers }),
  },
  {
    route: "GET /voip/import/{uuid}",
    expected: RUN_OWNER_ONLY,
    prepare: async () => {
      const answer = await callApi("POST", "/voip/import/customers", {
        headers: { ...asResellerA(), "Content-Type": "text/csv" },
        rawBody: `name\nmatrix-${uniqueSuffix()}\n`,
      });
      return (answer.json!.result as { uuid: string }).uuid;
    },
    call: (headers, uuid) => callApi("GET", `/voip/import/${uuid}`, { headers }),
  },
];

describe.each(restCases.map((c) => [c.route, c] as const))("authorization matrix: REST %s", (_route, c) => {
  it.each(REST_ROLES)("as %s", async (role) => {
    const uuid = await c.prepare();
    const answer = await c.call(authHeaders(restUsers[role]), uuid);
    expect(OUTCOME_OF_REST_STATUS[answer.status] ?? `HTTP ${answer.status}`).toBe(c.expected[role]);
  });
});

it("covers every REST route with a uuid of customers, plans and imports", async () => {
  const { VOIP_ROUTES } = await import("@/server/rest/routes");
  const routes = VOIP_ROUTES.filter(({ path }) => /^\/voip\/(customer|plan|import)\/:uuid$/.test(path)).map(
    ({ method, path }) => `${method} ${path.replace(":uuid", "{uuid}")}`,
  );
  expect(routes.sort()).toEqual(restCases.map((c) => c.route).sort());
});

// ─── THE REST API'S BRANDING ROUTES ─── each called on reseller A's brand (X-Auth-For: A) with the
// API credential of each account: A's own is served, every other tenant's is 404 as if A did not
// exist, and no credential is 401. Nothing is written by a refused call.

const BRANDING_PNG = Buffer.from(TINY_PNG, "base64");
const REST_BRANDING_ROUTES: { route: string; call: (headers: Record<string, string>) => Promise<number> }[] = [
  { route: "GET /voip/branding", call: async (headers) => (await callApi("GET", "/voip/branding", { headers })).status },
  {
    route: "PUT /voip/branding",
    call: async (headers) => (await callApi("PUT", "/voip/branding", { headers, body: { product_name: "Matrix" } })).status,
  },
  ...(["logo", "favicon"] as const).flatMap((slot) => [
    {
      route: `PUT /voip/branding/${slot}`,
      call: async (headers: Record<string, string>) =>
        (
          await callApi("PUT", `/voip/branding/${slot}`, {
            headers: { ...headers, "Content-Type": "image/png" },
            rawBody: new Uint8Array(BRANDING_PNG),
          })
        ).status,
    },
    {
      route: `DELETE /voip/branding/${slot}`,
      call: async (headers: Record<string, string>) => (await callApi("DELETE", `/voip/branding/${slot}`, { headers })).status,
    },
  ]),
];

describe.each(REST_BRANDING_ROUTES.map((r) => [r.route, r] as const))("authorization matrix: REST %s", (_route, r) => {
  const forA = () => ({ "X-Auth-For": t.accounts.resellerA.name });
  it.each([
    ["reseller A's own credential", "resellerA", [200, 204]],
    ["reseller B's credential", "resellerB", [404]],
    ["customer A1's credential", "customerA1", [404]],
    ["customer B1's credential", "customerB1", [404]],
  ] as const)("with %s", async (_who, account, statuses) => {
    const user = await createApiUser(t.accounts[account]);
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      expect(statuses).toContain(await r.call({ ...authHeaders(user), ...forA() }));
    });
    if (account !== "resellerA") expect(events).toEqual([]);
  });

  it("without a credential: 401", async () => {
    expect(await r.call(forA())).toBe(401);
  });
});

// ─── THE CALL HISTORY'S REST ROUTES ─── the same matrix through the API users of each tenant
// (none for the admin, whose platform has no API user here, nor when signed out): A1's flow and
// call are reached by A1's own API user and its reseller's, and are "not found" to the others,
// a flow outside the tree being refused per call exactly like a random uuid.

type ApiRole = "ownerReseller" | "otherReseller" | "owner" | "sibling";
const API_EXPECTED: Record<ApiRole, Outcome> = {
  ownerReseller: "OK",
  otherReseller: "NOT_FOUND",
  owner: "OK",
  sibling: "NOT_FOUND",
};

async function apiUsers(): Promise<Record<ApiRole, ApiUser>> {
  return {
    ownerReseller: await createApiUser(t.accounts.resellerA),
    otherReseller: await createApiUser(t.accounts.resellerB),
    owner: await createApiUser(t.accounts.customerA1),
    sibling: await createApiUser(t.accounts.customerA2),
  };
}

const restCallCases: { route: string; call: (user: ApiUser, fixture: { callId: string; flowId: string }) => Promise<Outcome> }[] =
  [
    {
      route: "POST /voip/call",
      call: async (user, { flowId }) => {
        const call = {
          call_id: `rest-${uniqueSuffix()}`,
          flow: flowId,
          started_at: new Date(Date.now() - 5000).toISOString(),
          ended_at: new Date().toISOString(),
          outcome: "hangup",
          steps: [],
        };
        const response = await callApi("POST", "/voip/call", { headers: authHeaders(user), body: { calls: [call] } });
        const result = response.json!.result as { accepted: number; rejected: { errors: { path: string; message: string }[] }[] };
        if (result.accepted === 1) return "OK";
        expect(result.rejected[0]!.errors).toEqual([{ path: "flow", message: "Call flow not found" }]);
        return "NOT_FOUND";
      },
    },
    {
      route: "GET /voip/call",
      call: async (user, { callId }) => {
        const response = await callApi("GET", "/voip/call?limit=100", { headers: authHeaders(user) });
        const items = (response.json!.result as { items: { call_id: string }[] }).items;
        return items.some((item) => item.call_id === callId) ? "OK" : "NOT_FOUND";
      },
    },
    {
      route: "GET /voip/call/{call_id}",
      call: async (user, { callId }) =>
        OUTCOME_OF_STATUS[(await callApi("GET", `/voip/call/${callId}`, { headers: authHeaders(user) })).status]!,
    },
    {
      route: "GET /voip/flow/{uuid}/stats",
      call: async (user, { flowId }) =>
        OUTCOME_OF_STATUS[(await callApi("GET", `/voip/flow/${flowId}/stats`, { headers: authHeaders(user) })).status]!,
    },
  ];

describe.each(restCallCases.map((c) => [c.route, c] as const))("authorization matrix: REST %s", (_route, c) => {
  it.each(Object.keys(API_EXPECTED) as ApiRole[])("as the API user of %s", async (role) => {
    const users = await apiUsers();
    expect(await c.call(users[role], await seedCall())).toBe(API_EXPECTED[role]);
  });
});
