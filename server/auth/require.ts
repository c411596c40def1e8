import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Role } from "@/server/generated/prisma/enums";
import type { Actor } from "./actor";
import { currentActor } from "./session";

const TWO_FACTOR_SETUP_PATH = "/two-factor-setup";

/**
 * For pages: the signed-in actor, or a redirect to the sign-in page. Staff who must use
 * two-factor sign-in and have not set it up are sent to set it up before anything else.
 */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (actor.mustEnrolTwoFactor) redirect(TWO_FACTOR_SETUP_PATH);
  return actor;
}

/** For pages of one role: other roles get the same 404 as a page that does not exist. */
export async function requireRole(role: Role): Promise<Actor> {
  const actor = await requireActor();
  if (actor.role !== role) notFound();
  return actor;
}

/** For pages of resellers and admins (template libraries…): customers get the same 404 as a missing page. */
export async function requireStaff(): Promise<Actor> {
  const actor = await requireActor();
  if (actor.role === "customer") notFound();
  return actor;
}
