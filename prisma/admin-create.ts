import { randomUUID } from "node:crypto";
import type { Actor } from "@/server/auth/actor";
import { configOrExit } from "@/server/config";
import { db } from "@/server/db";
import { EmbeddedDatabaseBusyError } from "@/server/db/adapter";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { childPath, explainUniqueViolation } from "@/server/services/accounts/tree";
import { ZDisplayName, ZEmail } from "@/server/services/accounts/schemas";
import { recordChange } from "@/server/services/audit/record";
import { issuePasswordLink } from "@/server/services/users/password-links";
import { AppError } from "@/server/errors";
import { deployMigrations } from "./migrate";

// `npm run admin:create -- EMAIL [NAME]`: how a real deployment gets its first platform admin.
// Prints a one-time link (valid 24 hours) to set the admin's password; no password is ever
// typed on the command line or stored in shell history.
configOrExit();
const [rawEmail, ...nameWords] = process.argv.slice(2);
const email = ZEmail.safeParse(rawEmail ?? "");
const displayName = ZDisplayName.safeParse(nameWords.join(" ") || "Platform Admin");
if (!email.success || !displayName.success) {
  console.error(
    `Usage: npm run admin:create -- EMAIL [NAME]\n${[...(email.error?.issues ?? []), ...(displayName.error?.issues ?? [])].map((issue) => `  ${issue.message}`).join("\n")}`,
  );
  process.exit(1);
}

const target = databaseTarget();
// The embedded database is prepared here as `npm run dev` would; a PostgreSQL server is the
// operator's to migrate (npm run db:deploy). A portal running on the same embedded folder holds
// it: the command stops at once and says so, and never opens the folder a second time.
try {
  if (target.kind === "embedded") await deployMigrations(target);
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
  console.error(`${error.message}\nThen start the portal again and open the link this command prints.`);
  process.exit(1);
}

try {
  // The platform account first (on an empty database): the admin is a write of that account.
  let platform = await db.account.findFirst({ where: { kind: "platform", parentId: null }, orderBy: { createdAt: "asc" } });
  if (!platform) {
    const id = randomUUID();
    platform = await db.account.create({
      data: { id, name: "platform", contactName: "Platform operations", kind: "platform", path: childPath("/", id) },
    });
  }
  const { link, expiresAt } = await accountWriteTransaction(platform.id, async (tx) => {
    const user = await tx.user.create({
      data: { accountId: platform.id, role: "admin", email: email.data, displayName: displayName.data, passwordHash: null },
    });
    // Audited as the new admin's own first act: no one is signed in on a command line.
    const actor: Actor = {
      via: "portal",
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      accountId: platform.id,
      accountName: platform.name,
      accountKind: platform.kind,
      accountPath: platform.path,
      twoFactorEnabled: false,
      sessionVersion: user.sessionVersion,
      mustEnrolTwoFactor: false,
    };
    await recordChange(
      tx,
      { principal: actor, ip: "local", userAgent: "npm run admin:create" },
      {
        accountId: platform.id,
        action: "user.invite",
        entityType: "user",
        entityId: user.id,
        after: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          accountId: platform.id,
          disabled: false,
        },
      },
    );
    return issuePasswordLink(tx, user.id);
  });
  console.log(`Created platform admin ${email.data} in the ${describeTarget(target)}.`);
  console.log(`Set the password within 24 hours (until ${expiresAt.toISOString()}) with this one-time link:\n\n  ${link}\n`);
} catch (error) {
  try {
    explainUniqueViolation(error, { email: "email" });
  } catch (explained) {
    if (explained instanceof AppError) {
      console.error(explained.message);
      process.exit(1);
    }
    throw explained;
  }
} finally {
  await db.$disconnect();
}
