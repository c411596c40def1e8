// What each role finds in the sidebar. Pages check the same roles; the menu only mirrors them.

export type NavIcon =
  | "flows"
  | "numbers"
  | "schedules"
  | "sounds"
  | "extensions"
  | "users"
  | "api-users"
  | "webhooks"
  | "customers"
  | "resellers"
  | "templates"
  | "plans"
  | "imports"
  | "audit"
  | "usage"
  | "account";

export type NavItem = { href: string; label: string; icon: NavIcon };

type Viewer = { role: "admin" | "reseller" | "customer"; accountId: string };

const MY_ACCOUNT: NavItem = { href: "/account", label: "My account", icon: "account" };
const API_USERS: NavItem = { href: "/api-credentials", label: "API users", icon: "api-users" };
const PLANS: NavItem = { href: "/plans", label: "Plans", icon: "plans" };

/** The pages of one account: a customer's own menu, and what staff see while acting for an account. */
export function accountNavigation(accountId: string): NavItem[] {
  const base = `/accounts/${accountId}`;
  return [
    { href: `${base}/flows`, label: "Call flows", icon: "flows" },
    { href: `${base}/numbers`, label: "Numbers", icon: "numbers" },
    { href: `${base}/schedules`, label: "Schedules", icon: "schedules" },
    { href: `${base}/sounds`, label: "Sounds", icon: "sounds" },
    { href: `${base}/extensions`, label: "Extensions", icon: "extensions" },
    { href: `${base}/users`, label: "Users", icon: "users" },
    { href: `${base}/webhooks`, label: "Webhooks", icon: "webhooks" },
  ];
}

export function navigationFor(viewer: Viewer): NavItem[] {
  const base = `/accounts/${viewer.accountId}`;
  switch (viewer.role) {
    case "admin":
      return [
        { href: "/admin/resellers", label: "Resellers", icon: "resellers" },
        PLANS,
        { href: `${base}/numbers`, label: "Numbers", icon: "numbers" },
        { href: "/templates", label: "Templates", icon: "templates" },
        { href: `${base}/users`, label: "Users", icon: "users" },
        { href: "/audit", label: "Audit log", icon: "audit" },
        { href: "/usage", label: "API usage", icon: "usage" },
        MY_ACCOUNT,
      ];
    case "reseller":
      return [
        { href: "/customers", label: "Customers", icon: "customers" },
        PLANS,
        { href: "/imports", label: "Import and export", icon: "imports" },
        { href: `${base}/numbers`, label: "Numbers", icon: "numbers" },
        { href: "/templates", label: "Templates", icon: "templates" },
        { href: `${base}/users`, label: "Users", icon: "users" },
        API_USERS,
        { href: `${base}/webhooks`, label: "Webhooks", icon: "webhooks" },
        { href: "/audit", label: "Audit log", icon: "audit" },
        { href: "/usage", label: "API usage", icon: "usage" },
        MY_ACCOUNT,
      ];
    case "customer": {
      const pages = accountNavigation(viewer.accountId);
      // API users sit between the account's people and its webhooks.
      return [...pages.slice(0, 6), API_USERS, ...pages.slice(6), MY_ACCOUNT];
    }
  }
}

export function homePath(viewer: Viewer): string {
  return navigationFor(viewer)[0]!.href;
}

/** Whether a link is the page shown, or one of its sub-pages (a flow under Call flows). */
export function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
