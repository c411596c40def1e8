// What each role finds in the sidebar. Pages check the same roles; the menu only mirrors them.

export type NavIcon =
  | "home"
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
  | "calls"
  | "overview"
  | "account"
  | "branding";

export type NavItem = {
  href: string;
  label: string;
  icon: NavIcon;
  /** Current on its own page only: an account's home is the prefix of all its pages. */
  exact?: true;
};

type Viewer = { role: "admin" | "reseller" | "customer"; accountId: string };

const MY_ACCOUNT: NavItem = { href: "/account", label: "My account", icon: "account" };
const API_USERS: NavItem = { href: "/api-credentials", label: "API users", icon: "api-users" };
const PLANS: NavItem = { href: "/plans", label: "Plans", icon: "plans" };

/** The pages of one account: a customer's own menu, and what staff see while acting for an account
 * (a reseller's account has its Branding page too). */
export function accountNavigation(accountId: string, kind: "platform" | "reseller" | "customer" = "customer"): NavItem[] {
  const base = `/accounts/${accountId}`;
  const branding: NavItem[] = kind === "reseller" ? [{ href: `${base}/branding`, label: "Branding", icon: "branding" }] : [];
  return [
    { href: base, label: "Home", icon: "home", exact: true },
    { href: `${base}/flows`, label: "Call flows", icon: "flows" },
    { href: `${base}/calls`, label: "Calls", icon: "calls" },
    { href: `${base}/numbers`, label: "Numbers", icon: "numbers" },
    { href: `${base}/schedules`, label: "Schedules", icon: "schedules" },
    { href: `${base}/sounds`, label: "Sounds", icon: "sounds" },
    { href: `${base}/extensions`, label: "Extensions", icon: "extensions" },
    { href: `${base}/users`, label: "Users", icon: "users" },
    { href: `${base}/webhooks`, label: "Webhooks", icon: "webhooks" },
    ...branding,
  ];
}

export function navigationFor(viewer: Viewer): NavItem[] {
  const base = `/accounts/${viewer.accountId}`;
  switch (viewer.role) {
    case "admin":
      return [
        { href: "/admin/resellers", label: "Resellers", icon: "resellers" },
        PLANS,
        { href: "/numbers", label: "Numbers", icon: "numbers" },
        { href: "/templates", label: "Templates", icon: "templates" },
        { href: `${base}/users`, label: "Users", icon: "users" },
        { href: "/audit", label: "Audit log", icon: "audit" },
        { href: "/usage", label: "API usage", icon: "usage" },
        MY_ACCOUNT,
      ];
    case "reseller":
      return [
        { href: "/customers", label: "Customers", icon: "customers" },
        { href: "/call-overview", label: "Call overview", icon: "overview" },
        PLANS,
        { href: "/imports", label: "Import and export", icon: "imports" },
        // The inventory of the reseller's whole tree: its stock and every customer's numbers.
        { href: "/numbers", label: "Numbers", icon: "numbers" },
        { href: "/templates", label: "Templates", icon: "templates" },
        { href: `${base}/users`, label: "Users", icon: "users" },
        API_USERS,
        { href: `${base}/webhooks`, label: "Webhooks", icon: "webhooks" },
        { href: `${base}/branding`, label: "Branding", icon: "branding" },
        { href: "/audit", label: "Audit log", icon: "audit" },
        { href: "/usage", label: "API usage", icon: "usage" },
        MY_ACCOUNT,
      ];
    case "customer": {
      const pages = accountNavigation(viewer.accountId);
      // API users sit between the account's people and its webhooks.
      const webhooks = pages.findIndex((page) => page.icon === "webhooks");
      return [...pages.slice(0, webhooks), API_USERS, ...pages.slice(webhooks), MY_ACCOUNT];
    }
  }
}

export function homePath(viewer: Viewer): string {
  return navigationFor(viewer)[0]!.href;
}

/** Whether a link is the page shown, or one of its sub-pages (a flow under Call flows) unless it is `exact`. */
export function isCurrent(pathname: string, { href, exact }: Pick<NavItem, "href" | "exact">): boolean {
  return pathname === href || (!exact && pathname.startsWith(`${href}/`));
}
