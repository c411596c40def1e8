import type { ActingAccount } from "../acting-account";

// ─── TENANT ISOLATION ─── Every read or write of a resource row matches it through here. ───
// A resource belongs to one account; an id of another account's resource matches nothing, so it
// is "not found" like an id that never existed.

/** A SIP user, hunt group, sound, playlist, mailbox, trunk or phone number of the acting account. */
export function resourceWhere(account: ActingAccount, id: string) {
  return { id, accountId: account.id };
}
