import "server-only";
import type { Role } from "@/server/generated/prisma/enums";

export type NavItem = { href: string; label: string };

/** What each role may open; pages check the same roles, the menu only mirrors them. */
export function navigationFor(actor: { role: Role; accountId: string }): NavItem[] {
  switch (actor.role) {
    case "admin":
      return [
        { href: "/admin/resellers", label: "Resellers" },
        { href: "/admin/audit", label: "Audit log" },
        { href: "/templates", label: "Templates" },
        { href: `/accounts/${actor.accountId}/resources`, label: "Number inventory" },
        { href: `/accounts/${actor.accountId}/users`, label: "Users" },
        { href: "/usage", label: "API usage" },
        { href: "/account", label: "My account" },
      ];
    case "reseller":
      return [
        { href: "/customers", label: "Customers" },
        { href: "/templates", label: "Templates" },
        { href: `/accounts/${actor.accountId}/resources`, label: "Number inventory" },
        { href: "/api-credentials", label: "API users" },
        { href: `/accounts/${actor.accountId}/webhooks`, label: "Webhooks" },
        { href: `/accounts/${actor.accountId}/users`, label: "Users" },
        { href: "/usage", label: "API usage" },
        { href: "/account", label: "My account" },
      ];
    case "customer":
      return [
        { href: `/accounts/${actor.accountId}/flows`, label: "Call flows" },
        { href: `/accounts/${actor.accountId}/resources`, label: "Resources" },
        { href: `/accounts/${actor.accountId}/users`, label: "Users" },
        { href: "/api-credentials", label: "API users" },
        { href: `/accounts/${actor.accountId}/webhooks`, label: "Webhooks" },
        { href: "/account", label: "My account" },
      ];
  }
}

export function homePath(actor: { role: Role; accountId: string }): string {
  return navigationFor(actor)[0]!.href;
}
