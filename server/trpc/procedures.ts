import type { Role } from "@/server/generated/prisma/enums";
import { baseProcedure, TRPCError } from "./init";

// Procedure tiers: each narrows ctx so a handler never re-checks the session.

export const publicProcedure = baseProcedure;

export const signedInProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

function roleProcedure(role: Role) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (ctx.actor.role !== role) throw new TRPCError({ code: "FORBIDDEN", message: `Only ${role}s can do this` });
    return next();
  });
}

export const resellerProcedure = roleProcedure("reseller");
export const adminProcedure = roleProcedure("admin");
