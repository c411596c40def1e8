import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import {
  BRAND_IMAGE_TYPES_TEXT,
  type BrandImageType,
  MAX_BRAND_IMAGE_BYTES,
  PLATFORM_BRAND,
  sniffBrandImage,
} from "@/server/domain/brand";
import { AppError, fieldError } from "@/server/errors";
import type { Brand } from "@/server/generated/prisma/client";
import { type ActingAccount, type InAccount, resolveActingAccount } from "@/server/services/acting-account";
import { recordChange } from "@/server/services/audit/record";
import { PASSWORD_LINK_HOURS, setPasswordLink } from "@/server/services/users/password-links";
import { linkBaseForPath } from "./custom-domains";
import { invitationMail, type RenderedMail } from "./invitation-mail";
import type { BrandImageSlot, TBrandFields, TBrandImageRef } from "./schemas";
import { sanitizeSvg } from "./svg";

// ─── A RESELLER'S BRAND ─── Each reseller may set a brand; an account shows the brand of the
// nearest reseller at or above it that set one (a nested reseller inherits its parent's until it
// sets its own), else the platform's. Only resellers' accounts hold a brand; anyone who reaches
// the reseller (itself, a reseller above it, an admin) may change it, and for anyone else the
// account is not found, as everywhere.

/** The brand an account shows, whoever's it is. */
export type EffectiveBrand = {
  /** The reseller account whose brand it is; null for the platform's own. */
  ownerId: string | null;
  productName: string;
  primaryColor: string;
  accentColor: string;
  supportEmail: string;
  supportUrl: string;
  signInMessage: string;
  hidePoweredBy: boolean;
  invitationSubject: string;
  invitationText: string;
  /** Relative URLs of the images (app/brand serves them), each with the brand's version so a
   * changed image is fetched again; null when there is none. */
  logoUrl: string | null;
  faviconUrl: string | null;
};

export const PLATFORM_EFFECTIVE_BRAND: EffectiveBrand = {
  ownerId: null,
  ...PLATFORM_BRAND,
  supportEmail: "",
  supportUrl: "",
  signInMessage: "",
  hidePoweredBy: false,
  invitationSubject: "",
  invitationText: "",
  logoUrl: null,
  faviconUrl: null,
};

type BrandRow = Omit<Brand, "logo" | "favicon">;

/** Every column but the images' bytes: what pages and mails read. */
const BRAND_COLUMNS = { logo: false, favicon: false } as const;

export function brandImageUrl(ownerId: string, slot: BrandImageSlot, version: number): string {
  return `/brand/${ownerId}/${slot}?v=${version}`;
}

function effectiveOf(row: BrandRow): EffectiveBrand {
  const logoUrl = row.logoType ? brandImageUrl(row.accountId, "logo", row.version) : null;
  return {
    ownerId: row.accountId,
    productName: row.productName,
    primaryColor: row.primaryColor,
    accentColor: row.accentColor,
    supportEmail: row.supportEmail,
    supportUrl: row.supportUrl,
    signInMessage: row.signInMessage,
    hidePoweredBy: row.hidePoweredBy,
    invitationSubject: row.invitationSubject,
    invitationText: row.invitationText,
    logoUrl,
    // Without a favicon of its own, the brand's logo stands for it.
    faviconUrl: row.faviconType ? brandImageUrl(row.accountId, "favicon", row.version) : logoUrl,
  };
}

/** The ids of an account's path, from the root down to the account itself. */
function idsOfPath(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/**
 * The brand an account at `accountPath` shows: the brand of the nearest account at or above it
 * that has one (only resellers' accounts do), else the platform's. One query; nothing scoped,
 * since what an account shows is no secret of anyone's, and every caller has the path from a
 * row it already trusts (the signed-in actor, the account acted for, an active custom domain).
 */
export async function brandForPath(accountPath: string): Promise<EffectiveBrand> {
  const ids = idsOfPath(accountPath);
  const rows = await db.brand.findMany({ where: { accountId: { in: ids } }, omit: BRAND_COLUMNS });
  const nearest = rows.sort((a, b) => ids.indexOf(b.accountId) - ids.indexOf(a.accountId))[0];
  return nearest ? effectiveOf(nearest) : PLATFORM_EFFECTIVE_BRAND;
}

export type BrandingOfAccount = {
  brand: EffectiveBrand;
  /** Whether the brand is another account's (a reseller above, or the platform's). */
  inherited: boolean;
  /** Only resellers' accounts hold a brand of their own. */
  editable: boolean;
  account: { id: string; name: string; kind: ActingAccount["kind"] };
};

/** The brand an account within reach shows, and whether it is its own. */
export async function getBranding(ctx: RequestContext, { accountId }: InAccount): Promise<BrandingOfAccount> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const brand = await brandForPath(account.path);
  return {
    brand,
    inherited: brand.ownerId !== account.id,
    editable: account.kind === "reseller",
    account: { id: account.id, name: account.name, kind: account.kind },
  };
}

/** The reseller account a brand change is for; customers and the platform hold none. */
async function brandableAccount(ctx: RequestContext, accountId: string): Promise<ActingAccount> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  if (account.kind !== "reseller") {
    throw new AppError("FORBIDDEN", "Only a reseller's account has a brand of its own; its customers show the reseller's");
  }
  return account;
}

/** What the audit trail keeps of a brand: its fields, not the images' bytes. */
function auditSnapshot(row: BrandRow) {
  const { updatedAt: _updatedAt, ...fields } = row;
  return fields;
}

/** The brand's fields, stored whole (a PUT): fields left out went back to their defaults when parsed. */
export async function updateBranding(
  ctx: RequestContext,
  { accountId, fields }: InAccount & { fields: TBrandFields },
): Promise<BrandingOfAccount> {
  const account = await brandableAccount(ctx, accountId);
  await accountWriteTransaction(account.id, async (tx) => {
    const before = await tx.brand.findUnique({ where: { accountId: account.id }, omit: BRAND_COLUMNS });
    const after = await tx.brand.upsert({
      where: { accountId: account.id },
      create: { accountId: account.id, ...fields },
      update: { ...fields, version: { increment: 1 } },
      omit: BRAND_COLUMNS,
    });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "brand.update",
      entityType: "brand",
      entityId: account.id,
      ...(before ? { before: auditSnapshot(before) } : {}),
      after: auditSnapshot(after),
    });
  });
  return getBranding(ctx, { accountId: account.id });
}

/** Stops using a brand of its own: the account shows the brand above it again. */
export async function resetBranding(ctx: RequestContext, { accountId }: InAccount): Promise<BrandingOfAccount> {
  const account = await brandableAccount(ctx, accountId);
  await accountWriteTransaction(account.id, async (tx) => {
    const before = await tx.brand.findUnique({ where: { accountId: account.id }, omit: BRAND_COLUMNS });
    if (!before) return;
    await tx.brand.delete({ where: { accountId: account.id } });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: "brand.reset",
      entityType: "brand",
      entityId: account.id,
      before: auditSnapshot(before),
    });
  });
  return getBranding(ctx, { accountId: account.id });
}

const SLOT_LABEL: Record<BrandImageSlot, string> = { logo: "logo", favicon: "favicon" };

/**
 * An uploaded image as it is stored: PNG or WebP as sent, SVG made safe (./svg.ts). What it is
 * comes from its bytes, never from a name or a declared type.
 */
export function checkedBrandImage(slot: BrandImageSlot, bytes: Uint8Array): { bytes: Uint8Array; type: BrandImageType } {
  const label = SLOT_LABEL[slot];
  if (bytes.byteLength > MAX_BRAND_IMAGE_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The ${label} must be at most ${MAX_BRAND_IMAGE_BYTES / 1024} KB`, [
      { path: slot, message: `The ${label} must be at most ${MAX_BRAND_IMAGE_BYTES / 1024} KB` },
    ]);
  }
  const type = sniffBrandImage(bytes);
  if (!type) throw fieldError(slot, `The ${label} must be a ${BRAND_IMAGE_TYPES_TEXT} image`);
  if (type !== "image/svg+xml") return { bytes, type };
  const clean = sanitizeSvg(new TextDecoder().decode(bytes));
  if (!clean) throw fieldError(slot, `The ${label} is not an SVG image that can be shown safely`);
  return { bytes: new TextEncoder().encode(clean), type };
}

/**
 * Sets the logo or the favicon. A reseller without a brand of its own gets one here, starting
 * from the brand it showed until now, so only the image changes in what its customers see.
 */
export async function uploadBrandImage(
  ctx: RequestContext,
  { accountId, slot, bytes }: TBrandImageRef & { bytes: Uint8Array },
): Promise<BrandingOfAccount> {
  const account = await brandableAccount(ctx, accountId);
  const image = checkedBrandImage(slot, bytes);
  const columns =
    slot === "logo"
      ? { logo: Buffer.from(image.bytes), logoType: image.type }
      : { favicon: Buffer.from(image.bytes), faviconType: image.type };
  const shown = await brandForPath(account.path);
  await accountWriteTransaction(account.id, async (tx) => {
    const { ownerId: _ownerId, logoUrl: _logoUrl, faviconUrl: _faviconUrl, ...startingFrom } = shown;
    const after = await tx.brand.upsert({
      where: { accountId: account.id },
      create: { accountId: account.id, ...startingFrom, ...columns },
      update: { ...columns, version: { increment: 1 } },
      omit: BRAND_COLUMNS,
    });
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: `brand.${slot}_set`,
      entityType: "brand",
      entityId: account.id,
      after: { [`${slot}Type`]: image.type, [`${slot}Bytes`]: image.bytes.byteLength, version: after.version },
    });
  });
  return getBranding(ctx, { accountId: account.id });
}

/** Removes the logo or the favicon; a brand without one shows its name alone (and the portal's icon). */
export async function removeBrandImage(ctx: RequestContext, { accountId, slot }: TBrandImageRef): Promise<BrandingOfAccount> {
  const account = await brandableAccount(ctx, accountId);
  await accountWriteTransaction(account.id, async (tx) => {
    const columns = slot === "logo" ? { logo: null, logoType: null } : { favicon: null, faviconType: null };
    const { count } = await tx.brand.updateMany({
      where: { accountId: account.id, [`${slot}Type`]: { not: null } },
      data: { ...columns, version: { increment: 1 } },
    });
    if (count === 0) return;
    await recordChange(tx, ctx, {
      accountId: account.id,
      action: `brand.${slot}_remove`,
      entityType: "brand",
      entityId: account.id,
    });
  });
  return getBranding(ctx, { accountId: account.id });
}

/** A brand's image for app/brand, which serves it to anyone (a sign-in page shows it before anyone signs in). */
export async function brandImage(ownerId: string, slot: BrandImageSlot): Promise<{ bytes: Uint8Array; type: string } | null> {
  const row = await db.brand.findUnique({
    where: { accountId: ownerId },
    select: { logo: true, logoType: true, favicon: true, faviconType: true },
  });
  if (!row) return null;
  const [bytes, type] = slot === "logo" ? [row.logo, row.logoType] : [row.favicon, row.faviconType];
  return bytes && type ? { bytes, type } : null;
}

/**
 * The invitation as it would be mailed with this subject and text (not saved yet), to an example
 * person, in the brand the account shows, with links on its custom domain if it has one.
 */
export async function previewInvitation(
  ctx: RequestContext,
  { accountId, invitationSubject, invitationText }: InAccount & { invitationSubject: string; invitationText: string },
): Promise<RenderedMail> {
  const account = await resolveActingAccount(db, ctx.principal, accountId);
  const [shown, linkBase] = await Promise.all([brandForPath(account.path), linkBaseForPath(account.path)]);
  return invitationMail({ ...shown, invitationSubject, invitationText }, linkBase, {
    name: "Alex Example",
    inviterName: ctx.principal.via === "portal" ? ctx.principal.displayName : ctx.principal.username,
    accountName: account.name,
    link: setPasswordLink("example-token", linkBase),
    validHours: PASSWORD_LINK_HOURS,
  });
}
