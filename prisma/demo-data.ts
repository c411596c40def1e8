import { randomUUID } from "node:crypto";
import { hashPassword } from "@/server/auth/password";
import type { Db, Tx } from "@/server/db";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import { childPath } from "@/server/services/accounts/tree";

export const DEMO_PASSWORD = "demo-password";

type DemoAccount = {
  name: string;
  contactName: string;
  kind: AccountKind;
  users: { email: string; displayName: string; role: Role }[];
  apiUsers?: { username: string; password: string }[];
  customers?: DemoAccount[];
};

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
      customers: [
        {
          name: "acme",
          contactName: "Wile E. Coyote",
          kind: "customer",
          users: [{ email: "owner@acme.example", displayName: "Acme Owner", role: "customer" }],
        },
        {
          name: "globex",
          contactName: "Hank Scorpio",
          kind: "customer",
          users: [{ email: "owner@globex.example", displayName: "Globex Owner", role: "customer" }],
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
          contactName: "Bill Lumbergh",
          kind: "customer",
          users: [{ email: "owner@initech.example", displayName: "Initech Owner", role: "customer" }],
        },
      ],
    },
  ],
};

async function upsertAccount(tx: Tx, account: DemoAccount, parent: { id: string; path: string } | null, passwordHash: string) {
  const existing = await tx.account.findUnique({ where: { name: account.name } });
  const id = existing?.id ?? randomUUID();
  const stored =
    existing ??
    (await tx.account.create({
      data: {
        id,
        name: account.name,
        contactName: account.contactName,
        kind: account.kind,
        parentId: parent?.id ?? null,
        path: childPath(parent?.path ?? "/", id),
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
      await tx.apiCredential.create({
        data: { accountId: stored.id, username: apiUser.username, passwordHash: await hashPassword(apiUser.password) },
      });
    }
  }
  for (const customer of account.customers ?? []) await upsertAccount(tx, customer, stored, passwordHash);
}

/** Creates the demo tenants, users and API credentials; running it again changes nothing. */
export async function seedDemoData(client: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await client.$transaction((tx) => upsertAccount(tx, PLATFORM, null, passwordHash), { timeout: 60_000 });
}
