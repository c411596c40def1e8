import type { Role } from "@/server/generated/prisma/enums";

export type NavItem = { href: string; label: string };

/** What each role may open; pages check the same roles, the menu only mirrors them. */
export const NAVIGATION: Record<Role, NavItem[]> = {
  admin: [
    { href: "/admin/resellers", label: "Resellers" },
    { href: "/account", label: "My account" },
  ],
  reseller: [
    { href: "/customers", label: "Customers" },
    { href: "/account", label: "My account" },
  ],
  customer: [{ href: "/account", label: "My account" }],
};

export function homePath(role: Role): string {
  return NAVIGATION[role][0]!.href;
}
