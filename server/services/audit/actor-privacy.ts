import type { Principal } from "@/server/auth/actor";
import { db } from "@/server/db";

// ─── AUDIT PRIVACY ─── A customer sees the staff who changed its data (its reseller's people,
// platform admins, their API users) only as "<account> staff": never an email, an API user name,
// an IP address or a user agent. Enforced here, on the server, for every view of who changed
// what that a customer can reach: audit events, their CSV export, flow history and flow lists.
// Resellers and admins see everything within their reach.

type Viewer = Pick<Principal, "accountKind" | "accountPath">;
type ActorAccount = { name: string; path: string };

/** Only customers' views hide staff; staff see their own people and their customers'. */
export function hidesStaff(viewer: Viewer): boolean {
  return viewer.accountKind === "customer";
}

/** How a staff actor appears to a customer. */
export function staffLabel(account: Pick<ActorAccount, "name"> | undefined): string {
  return account ? `${account.name} staff` : "staff";
}

/** An actor of an account outside the viewer's reach is staff of an account above it. */
function isStaffOf(viewer: Viewer, account: ActorAccount | undefined): boolean {
  return !account?.path.startsWith(viewer.accountPath);
}

/** The accounts above a customer (its reseller, the platform...): the only staff that reach it. */
export async function staffAccountsAbove(viewer: Viewer) {
  const ancestorIds = viewer.accountPath.split("/").filter(Boolean).slice(0, -1);
  return db.account.findMany({ where: { id: { in: ancestorIds } }, select: { id: true, name: true } });
}

type ActorFields = {
  actorUserId: string | null;
  actorApiCredentialId: string | null;
  actorLabel: string;
  actorAccountId: string;
  ip: string;
  userAgent: string;
};

/** Audit events as the viewer may see them: staff actors reduced to their account. */
export async function maskStaffActors<Event extends ActorFields>(viewer: Viewer, events: Event[]): Promise<Event[]> {
  if (!hidesStaff(viewer) || events.length === 0) return events;
  const accounts = await db.account.findMany({
    where: { id: { in: [...new Set(events.map((event) => event.actorAccountId))] } },
    select: { id: true, name: true, path: true },
  });
  const byId = new Map(accounts.map((account) => [account.id, account]));
  return events.map((event) => {
    const account = byId.get(event.actorAccountId);
    if (!isStaffOf(viewer, account)) return event;
    return { ...event, actorUserId: null, actorApiCredentialId: null, actorLabel: staffLabel(account), ip: "", userAgent: "" };
  });
}

const API_LABEL = /^api:.+@([^@]+)$/;

/**
 * Labels kept without an account id (who saved a flow version: an email, or `api:<user>@<account>`)
 * as the viewer may see them. The label's account is looked up; one that cannot be found any
 * more (a removed user) is shown as staff too, since it cannot be shown to be the customer's own.
 */
export async function maskStaffLabels(viewer: Viewer, labels: string[]): Promise<(label: string) => string> {
  if (!hidesStaff(viewer)) return (label) => label;
  const distinct = [...new Set(labels)];
  const apiAccountNames = distinct.flatMap((label) => API_LABEL.exec(label)?.[1] ?? []);
  const [users, apiAccounts] = await Promise.all([
    db.user.findMany({
      where: { email: { in: distinct } },
      select: { email: true, account: { select: { name: true, path: true } } },
    }),
    db.account.findMany({ where: { name: { in: apiAccountNames } }, select: { name: true, path: true } }),
  ]);
  const userAccounts = new Map(users.map((user) => [user.email, user.account]));
  const accountsByName = new Map(apiAccounts.map((account) => [account.name, account]));
  return (label) => {
    const apiAccount = API_LABEL.exec(label)?.[1];
    const account = apiAccount === undefined ? userAccounts.get(label) : accountsByName.get(apiAccount);
    return isStaffOf(viewer, account) ? staffLabel(account) : label;
  };
}
