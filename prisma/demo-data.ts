import { randomUUID } from "node:crypto";
import { GENERATED_SECRET_PARAMS, hashPassword } from "@/server/auth/password";
import type { Db, Tx } from "@/server/db";
import { REFERENCE_FLOW_ID, REFERENCE_SIP_USER_ID, referenceExample } from "@/server/domain/call-flow/reference-example";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { childPath } from "@/server/services/accounts/tree";
import { referenceRowsOf } from "@/server/services/call-flows/references";
import { addDemoCalls, demoFlowsOf } from "./demo-calls";

export const DEMO_PASSWORD = "demo-password";

/** The customers whose flows have demo calls. */
const DEMO_CALL_ACCOUNTS = ["acme", "globex"];

/** Globex's reception: a menu whose keys ring sales or support (forwarded numbers), else a busy tone. */
const GLOBEX_RECEPTION_ID = "6f1d2a8e-5b7c-4e39-9a41-2c8d0b7e5f13";
const GLOBEX_RECEPTION_FLOW = {
  "0a5c3e1f-7b2d-4c8a-9e6f-1d3b5a7c9e02": { module: "start", next: "3c7e9a1b-5d2f-4b8e-a6c0-8e2f4a6c8b14" },
  "3c7e9a1b-5d2f-4b8e-a6c0-8e2f4a6c8b14": {
    module: "pressextension",
    next: {
      "1": "5e9b1c3d-7f4a-4d0c-b8e2-0a4c6e8a0d26",
      "2": "7a1d3e5f-9b6c-4f2e-8d4a-2c6e8a0c2f38",
      invalid: "9c3f5a7b-1d8e-4a4c-9f6b-4e8a0c2e4b4a",
      timeout: "9c3f5a7b-1d8e-4a4c-9f6b-4e8a0c2e4b4a",
    },
  },
  "5e9b1c3d-7f4a-4d0c-b8e2-0a4c6e8a0d26": {
    module: "extension",
    extensions: [{ type: "forward", number: "+441632960150" }],
    noanswer: "9c3f5a7b-1d8e-4a4c-9f6b-4e8a0c2e4b4a",
  },
  "7a1d3e5f-9b6c-4f2e-8d4a-2c6e8a0c2f38": {
    module: "extension",
    extensions: [{ type: "forward", number: "+441632960151" }],
    noanswer: "9c3f5a7b-1d8e-4a4c-9f6b-4e8a0c2e4b4a",
  },
  "9c3f5a7b-1d8e-4a4c-9f6b-4e8a0c2e4b4a": { module: "busy" },
};

type DemoAccount = {
  name: string;
  /** What people call it, beside the handle `name`. */
  displayName?: string;
  contactName: string;
  kind: AccountKind;
  users: { email: string; displayName: string; role: Role }[];
  apiUsers?: { username: string; password: string }[];
  resources?: DemoResources;
  /** The plans this account sells, by name. */
  plans?: DemoPlan[];
  /** A customer's plan: the name of one of its parent's plans. */
  plan?: string;
  customers?: DemoAccount[];
};

/** A plan's limits (absent: unlimited) and module types (absent: every type). */
type DemoPlan = {
  name: string;
  limits: Partial<Record<"flows" | "modulesPerFlow" | "numbers" | "users" | "schedules" | "webhooks" | "soundsMb", number>>;
  modules?: string[];
};

/** Two packages a reseller might sell, so the Plans page and usage against limits show at once. */
const DEMO_PLANS: DemoPlan[] = [
  {
    name: "Starter",
    limits: { flows: 5, modulesPerFlow: 30, numbers: 2, users: 3, schedules: 2, webhooks: 1, soundsMb: 50 },
    modules: ["start", "play", "pressextension", "extension", "voicemail", "busy"],
  },
  // Roomy enough for everything the end-to-end tests add to acme.
  {
    name: "Business",
    limits: { flows: 200, modulesPerFlow: 500, numbers: 50, users: 50, schedules: 50, webhooks: 20, soundsMb: 2000 },
  },
];

type DemoResources = {
  sipUsers: { id?: string; name: string; extension: number }[];
  huntGroups: { name: string; extension: number }[];
  sounds: string[];
  playlists: string[];
  mailboxes: { name: string; boxNumber: number }[];
  trunks: string[];
  phoneNumbers: { number: string; flowId?: string }[];
  flows?: {
    id: string;
    name: string;
    extension: number;
    flow: object;
    showCallRouteName: boolean;
    showOriginalCallerId: boolean;
  }[];
};

/** The provider's reference example ("Call Pete"), pointing at acme's own SIP user Pete. */
const ACME_PETE_ID = REFERENCE_SIP_USER_ID;
const ACME_CALL_PETE_ID = REFERENCE_FLOW_ID;
const CALL_PETE_FLOW = referenceExample(ACME_PETE_ID).flow;

function officeResources(company: string, numbers: string[]): DemoResources {
  return {
    sipUsers: [
      { name: `${company} Reception`, extension: 201 },
      { name: `${company} Sales`, extension: 202 },
    ],
    huntGroups: [{ name: `${company} Support`, extension: 300 }],
    sounds: [`${company} welcome greeting`, `${company} out of hours`],
    playlists: [`${company} hold music`],
    mailboxes: [{ name: `${company} general mailbox`, boxNumber: 1 }],
    trunks: [`${company} PBX trunk`],
    phoneNumbers: numbers.map((number) => ({ number })),
  };
}

const PLATFORM: DemoAccount = {
  name: "platform",
  contactName: "Platform operations",
  kind: "platform",
  users: [{ email: "admin@example.com", displayName: "Platform Admin", role: "admin" }],
  customers: [
    {
      name: "demo-reseller",
      contactName: "Dana Reseller",
      kind: "reseller",
      users: [{ email: "reseller@example.com", displayName: "Dana Reseller", role: "reseller" }],
      apiUsers: [{ username: "api", password: "demo-api-password" }],
      plans: DEMO_PLANS,
      customers: [
        {
          name: "acme",
          displayName: "Acme Corporation",
          contactName: "Wile E. Coyote",
          kind: "customer",
          plan: "Business",
          users: [{ email: "owner@acme.example", displayName: "Acme Owner", role: "customer" }],
          resources: {
            ...officeResources("Acme", []),
            sipUsers: [
              { id: ACME_PETE_ID, name: "Pete", extension: 201 },
              { name: "Acme Sales", extension: 202 },
            ],
            phoneNumbers: [{ number: "+441632960001", flowId: ACME_CALL_PETE_ID }, { number: "+441632960002" }],
            flows: [
              {
                id: ACME_CALL_PETE_ID,
                name: "Call Pete",
                extension: 501,
                flow: CALL_PETE_FLOW,
                showCallRouteName: true,
                showOriginalCallerId: true,
              },
            ],
          },
        },
        {
          name: "globex",
          displayName: "Globex Corporation",
          contactName: "Hank Scorpio",
          kind: "customer",
          users: [{ email: "owner@globex.example", displayName: "Globex Owner", role: "customer" }],
          resources: {
            ...officeResources("Globex", []),
            phoneNumbers: [{ number: "+441632960101", flowId: GLOBEX_RECEPTION_ID }],
            flows: [
              {
                id: GLOBEX_RECEPTION_ID,
                name: "Reception",
                extension: 510,
                flow: GLOBEX_RECEPTION_FLOW,
                showCallRouteName: false,
                showOriginalCallerId: true,
              },
            ],
          },
        },
      ],
    },
    {
      name: "other-reseller",
      contactName: "Olga Other",
      kind: "reseller",
      users: [{ email: "reseller@other.example", displayName: "Olga Other", role: "reseller" }],
      apiUsers: [{ username: "api", password: "other-api-password" }],
      customers: [
        {
          name: "initech",
          displayName: "Initech",
          contactName: "Bill Lumbergh",
          kind: "customer",
          users: [{ email: "owner@initech.example", displayName: "Initech Owner", role: "customer" }],
          resources: officeResources("Initech", ["+15555550123"]),
        },
      ],
    },
  ],
};

async function upsertAccount(tx: Tx, account: DemoAccount, parent: { id: string; path: string } | null, passwordHash: string) {
  const existing = await tx.account.findUnique({ where: { name: account.name } });
  const id = existing?.id ?? randomUUID();
  const plan =
    account.plan && parent
      ? await tx.plan.findUnique({ where: { ownerAccountId_name: { ownerAccountId: parent.id, name: account.plan } } })
      : null;
  const stored =
    existing ??
    (await tx.account.create({
      data: {
        id,
        name: account.name,
        displayName: account.displayName ?? "",
        contactName: account.contactName,
        kind: account.kind,
        parentId: parent?.id ?? null,
        path: childPath(parent?.path ?? "/", id),
        planId: plan?.id ?? null,
      },
    }));
  for (const user of account.users) {
    await tx.user.upsert({
      where: { email: user.email },
      update: {},
      create: { ...user, accountId: stored.id, passwordHash },
    });
  }
  for (const apiUser of account.apiUsers ?? []) {
    const found = await tx.apiCredential.findUnique({
      where: { accountId_username: { accountId: stored.id, username: apiUser.username } },
    });
    if (!found) {
      // A scrypt hash needs no server secret at seeding time; its first use upgrades it to the
      // keyed hash API passwords are kept in (server/auth/api-password.ts).
      await tx.apiCredential.create({
        data: {
          accountId: stored.id,
          username: apiUser.username,
          passwordHash: await hashPassword(apiUser.password, GENERATED_SECRET_PARAMS),
        },
      });
    }
  }
  if (account.resources) await addResources(tx, stored.id, account.resources);
  for (const { name, limits, modules } of account.plans ?? []) {
    await tx.plan.upsert({
      where: { ownerAccountId_name: { ownerAccountId: stored.id, name } },
      update: {},
      create: { ownerAccountId: stored.id, name, ...limits, modules: modules ?? [], allModules: !modules },
    });
  }
  for (const customer of account.customers ?? []) await upsertAccount(tx, customer, stored, passwordHash);
}

/** Adds an account's demo resources once: an account that has SIP users already is left alone. */
async function addResources(tx: Tx, accountId: string, resources: DemoResources) {
  if ((await tx.sipUser.count({ where: { accountId } })) > 0) return;
  const named = (names: string[]) => names.map((name) => ({ accountId, name }));
  await tx.sipUser.createMany({ data: resources.sipUsers.map((user) => ({ accountId, ...user })) });
  await tx.huntGroup.createMany({ data: resources.huntGroups.map((group) => ({ accountId, ...group })) });
  await tx.sound.createMany({ data: named(resources.sounds) });
  await tx.playlist.createMany({ data: named(resources.playlists) });
  await tx.mailbox.createMany({ data: resources.mailboxes.map((box) => ({ accountId, ...box })) });
  await tx.trunk.createMany({ data: named(resources.trunks) });
  for (const flow of resources.flows ?? []) {
    const { id, ...fields } = flow;
    const created = await tx.callFlow.create({ data: { id, accountId, ...fields } });
    // What it points at, so deleting a resource it uses is refused as for any saved flow.
    await tx.callFlowReference.createMany({ data: referenceRowsOf(created) });
    // Its first revision, as every saved flow has one: history starts at version 1.
    await tx.callFlowRevision.create({ data: { callFlowId: id, accountId, version: 1, ...fields, createdByLabel: "demo data" } });
  }
  await tx.phoneNumber.createMany({
    data: resources.phoneNumbers.map(({ number, flowId }) => ({ accountId, number, callFlowId: flowId ?? null })),
  });
}

/** Creates the demo tenants, users, API credentials and call history; running it again changes nothing. */
export async function seedDemoData(client: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await client.$transaction((tx) => upsertAccount(tx, PLATFORM, null, passwordHash), { timeout: 60_000 });
  await seedDemoCallHistory(client);
}

/** About 30 days of calls through the demo customers' flows, once: a newcomer sees analytics at once. */
async function seedDemoCallHistory(client: Db): Promise<void> {
  const customers = await client.account.findMany({ where: { name: { in: DEMO_CALL_ACCOUNTS } }, select: { id: true } });
  const accountIds = customers.map((customer) => customer.id);
  if ((await client.callKey.count({ where: { accountId: { in: accountIds } } })) > 0) return;
  await addDemoCalls(client, await demoFlowsOf(client, accountIds), { days: 30, perDay: 40, prefix: "demo", seed: 29 });
}
