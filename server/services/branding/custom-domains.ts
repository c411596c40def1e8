import { randomBytes } from "node:crypto";
import { promises as dns } from "node:dns";
import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { publicUrl } from "@/server/config";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { hostOfHeader, verificationRecordName } from "@/server/domain/brand";
import { AppError, fieldError, isUniqueViolation, notFound } from "@/server/errors";
import type { CustomDomain } from "@/server/generated/prisma/client";
import {
  type AccountObjectRef,
  type ActingAccount,
  type InAccount,
  resolveActingAccount,
} from "@/server/services/acting-account";
import { recordChange } from "@/server/services/audit/record";

// ─── CUSTOM DOMAINS ─── A reseller serves its portal on hostnames of its own. A hostname serves
// requests once active: a platform admin approved it, or a DNS TXT record
// `_portal-verify.<hostname>` holds its token. Until then it is a name like any other: a request
// naming it gets the platform's brand, and links never point at it.

/** Looks up TXT records as node:dns does: each record a list of strings, joined by the caller. */
export type TxtResolver = (name: string) => Promise<string[][]>;

const systemResolver: TxtResolver = (name) => dns.resolveTxt(name);

export type CustomDomainView = {
  id: string;
  hostname: string;
  /** What the TXT record `recordName` must hold. */
  token: string;
  recordName: string;
  active: boolean;
  activatedBy: string | null;
  activatedAt: Date | null;
  createdAt: Date;
};

function viewOf(domain: CustomDomain): CustomDomainView {
  return {
    id: domain.id,
    hostname: domain.hostname,
    token: domain.verificationToken,
    recordName: verificationRecordName(domain.hostname),
    active: domain.activatedAt !== null,
    activatedBy: domain.activatedBy,
    activatedAt: domain.activatedAt,
    createdAt: domain.createdAt,
  };
}

async function resellerAccount(ctx: RequestContext, accountId: string): Promise<ActingAccount> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  if (account.kind !== "reseller") throw new AppError("FORBIDDEN", "Only a reseller's account can have custom domains");
  return account;
}

export async function listCustomDomains(ctx: RequestContext, { accountId }: InAccount): Promise<CustomDomainView[]> {
  const account = await resellerAccount(ctx, accountId);
  const domains = await db.customDomain.findMany({ where: { accountId: account.id }, orderBy: { hostname: "asc" } });
  return domains.map(viewOf);
}

export async function addCustomDomain(
  ctx: RequestContext,
  { accountId, hostname }: InAccount & { hostname: string },
): Promise<CustomDomainView> {
  const account = await resellerAccount(ctx, accountId);
  if (hostname === hostOfHeader(new URL(publicUrl()).host)) {
    throw fieldError("hostname", "Hostname is the portal's own address: enter a name of your own");
  }
  try {
    return await accountWriteTransaction(account.id, async (tx) => {
      const domain = await tx.customDomain.create({
        data: { accountId: account.id, hostname, verificationToken: `portal-verify=${randomBytes(18).toString("base64url")}` },
      });
      await recordChange(tx, ctx, {
        accountId: account.id,
        action: "domain.create",
        entityType: "domain",
        entityId: domain.id,
        after: { hostname },
      });
      return viewOf(domain);
    });
  } catch (error) {
    if (isUniqueViolation(error, "hostname"))
      throw new AppError("CONFLICT", "Hostname is in use already", [{ path: "hostname", message: "Hostname is in use already" }]);
    throw error;
  }
}

/** A domain of an account within reach; on any other account (a customer's too) it is not found. */
async function domainOf(account: ActingAccount, id: string): Promise<CustomDomain> {
  const domain = isUuid(id) ? await db.customDomain.findFirst({ where: { id, accountId: account.id } }) : null;
  if (!domain) throw notFound("Custom domain");
  return domain;
}

export async function removeCustomDomain(ctx: RequestContext, { accountId, id }: AccountObjectRef): Promise<void> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const domain = await domainOf(account, id);
  await accountWriteTransaction(account.id, async (tx) => {
    await tx.customDomain.delete({ where: { id: domain.id } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "domain.delete",
      entityType: "domain",
      entityId: domain.id,
      before: { hostname: domain.hostname, active: domain.activatedAt !== null },
    });
  });
}

async function activate(ctx: RequestContext, account: ActingAccount, domain: CustomDomain, by: "admin" | "dns") {
  return accountWriteTransaction(account.id, async (tx) => {
    const activated = await tx.customDomain.update({
      where: { id: domain.id },
      data: { activatedAt: new Date(), activatedBy: by },
    });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "domain.activate",
      entityType: "domain",
      entityId: domain.id,
      after: { hostname: domain.hostname, activatedBy: by },
    });
    return viewOf(activated);
  });
}

/** A platform admin vouches for the hostname: it is active at once. */
export async function approveCustomDomain(ctx: RequestContext, { accountId, id }: AccountObjectRef): Promise<CustomDomainView> {
  if (ctx.principal.via !== "portal" || ctx.principal.role !== "admin") {
    throw new AppError("FORBIDDEN", "Only a platform admin can approve a custom domain");
  }
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const domain = await domainOf(account, id);
  return domain.activatedAt ? viewOf(domain) : activate(ctx, account, domain, "admin");
}

/**
 * Looks for the token in the TXT records of `_portal-verify.<hostname>` and activates the hostname
 * when one holds it. `resolveTxt` is node:dns's unless a test passes its own.
 */
export async function verifyCustomDomain(
  ctx: RequestContext,
  { accountId, id }: AccountObjectRef,
  resolveTxt: TxtResolver = systemResolver,
): Promise<CustomDomainView> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const domain = await domainOf(account, id);
  if (domain.activatedAt) return viewOf(domain);
  const recordName = verificationRecordName(domain.hostname);
  const records = await resolveTxt(recordName).catch(() => [] as string[][]);
  if (!records.some((chunks) => chunks.join("").trim() === domain.verificationToken)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      `No TXT record ${recordName} holds the token yet. Add it at your DNS provider; it may take a while to be seen`,
    );
  }
  return activate(ctx, account, domain, "dns");
}

/** An active custom domain: the reseller it belongs to, for the sign-in page and sign-in's check. */
export type ActiveDomain = { hostname: string; accountId: string; accountPath: string };

/**
 * The active custom domain a request's Host header names, or null: an unknown, pending or
 * malformed host is simply not a custom domain (the platform's brand, NEXTAUTH_URL's links).
 * The header is only a key looked up here; nothing is ever built from it.
 */
export async function activeDomainOfHost(hostHeader: string | null | undefined): Promise<ActiveDomain | null> {
  const hostname = hostOfHeader(hostHeader);
  if (!hostname) return null;
  const domain = await db.customDomain.findFirst({
    where: { hostname, activatedAt: { not: null } },
    select: { hostname: true, account: { select: { id: true, path: true } } },
  });
  return domain ? { hostname: domain.hostname, accountId: domain.account.id, accountPath: domain.account.path } : null;
}

/**
 * ─── ABSOLUTE URLS ONLY FROM KNOWN HOSTNAMES ─── Where links for a user at `accountPath` point:
 * the first active custom domain of the nearest reseller at or above the account that has one,
 * with NEXTAUTH_URL's scheme and port; else NEXTAUTH_URL itself. Never a request's Host header.
 */
export async function linkBaseForPath(accountPath: string): Promise<string> {
  const ids = accountPath.split("/").filter(Boolean);
  const domains = await db.customDomain.findMany({
    where: { accountId: { in: ids }, activatedAt: { not: null } },
    orderBy: [{ activatedAt: "asc" }, { hostname: "asc" }],
    select: { accountId: true, hostname: true },
  });
  const nearest = domains.sort((a, b) => ids.indexOf(b.accountId) - ids.indexOf(a.accountId))[0];
  const base = publicUrl();
  if (!nearest) return base;
  const url = new URL(base);
  url.hostname = nearest.hostname;
  return url.origin;
}
