/** An account as people know it: its display name beside its handle ("Acme Corporation (acme)"),
 * or the handle alone. */
export function accountLabel(account: { name: string; displayName: string }): string {
  return account.displayName ? `${account.displayName} (${account.name})` : account.name;
}
