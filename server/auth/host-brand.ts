import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { brandForPath, type EffectiveBrand, PLATFORM_EFFECTIVE_BRAND } from "@/server/services/branding/branding";
import { activeDomainOfHost } from "@/server/services/branding/custom-domains";

/**
 * The brand of the host a page before sign-in was asked on: the reseller's on its active custom
 * domain, the platform's on any other host (NEXTAUTH_URL's, or an unknown or pending name). The
 * Host header is only looked up among active domains; nothing is built from it.
 */
export const hostBrand = cache(async (): Promise<EffectiveBrand> => {
  const domain = await activeDomainOfHost((await headers()).get("host"));
  return domain ? brandForPath(domain.accountPath) : PLATFORM_EFFECTIVE_BRAND;
});
