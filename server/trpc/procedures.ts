import type { Actor, RequestContext } from "@/server/auth/actor";
import { signedInActor } from "@/server/auth/request-guard";
import type { Role } from "@/server/generated/prisma/enums";
import { baseProcedure, TRPCError } from "./init";

// Procedure tiers: each narrows ctx so a handler never re-checks the session. The session rules
// themselves are server/auth/request-guard.ts's, shared with the portal's file routes.

export const publicProcedure = baseProcedure;

/**
 * Signed in, whether or not a required second factor is set up yet: only for what enrolling
 * needs (setting up two-factor sign-in, signing out everywhere).
 */
export const enrollingProcedure = baseProcedure.use(({ ctx, next }) => {
  const actor = signedInActor(ctx.actor, { enrolling: true });
  // `request` is what services that write need: who, and from where, for the audit trail.
  const request: RequestContext<Actor> = { principal: actor, ip: ctx.ip, userAgent: ctx.userAgent };
  return next({ ctx: { ...ctx, actor, request } });
});

export const signedInProcedure = enrollingProcedure.use(({ ctx, next }) => {
  // Staff who must use two-factor sign-in can do nothing else until they have set it up.
  signedInActor(ctx.actor);
  return next();
});

function roleProcedure(role: Role) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (ctx.actor.role !== role) throw new TRPCError({ code: "FORBIDDEN", message: `Only ${role}s can do this` });
    return next();
  });
}

export const resellerProcedure = roleProcedure("reseller");
export const adminProcedure = roleProcedure("admin");
