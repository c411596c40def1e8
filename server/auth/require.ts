import { notFound, redirect } from "next/navigation";
import type { Role } from "@/server/generated/prisma/enums";
import type { Actor } from "./actor";
import { currentActor } from "./session";

/** For pages: the signed-in actor, or a redirect to the sign-in page. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

/** For pages of one role: other roles get the same 404 as a page that does not exist. */
export async function requireRole(role: Role): Promise<Actor> {
  const actor = await requireActor();
  if (actor.role !== role) notFound();
  return actor;
}
