import { accountsRouter } from "@/server/routers/accounts";
import { apiCredentialsRouter } from "@/server/routers/api-credentials";
import { auditRouter } from "@/server/routers/audit";
import { brandingRouter } from "@/server/routers/branding";
import { callsRouter } from "@/server/routers/calls";
import { callFlowDraftsRouter } from "@/server/routers/call-flow-drafts";
import { callFlowLayoutsRouter } from "@/server/routers/call-flow-layouts";
import { callFlowsRouter } from "@/server/routers/call-flows";
import { plansRouter } from "@/server/routers/plans";
import { importsRouter } from "@/server/routers/imports";
import { resourcesRouter } from "@/server/routers/resources";
import { schedulesRouter } from "@/server/routers/schedules";
import { simulatorRouter } from "@/server/routers/simulator";
import { templatesRouter } from "@/server/routers/templates";
import { usageRouter } from "@/server/routers/usage";
import { usersRouter } from "@/server/routers/users";
import { webhooksRouter } from "@/server/routers/webhooks";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  accounts: accountsRouter,
  apiCredentials: apiCredentialsRouter,
  usage: usageRouter,
  simulator: simulatorRouter,
  callFlows: callFlowsRouter,
  calls: callsRouter,
  callFlowDrafts: callFlowDraftsRouter,
  callFlowLayouts: callFlowLayoutsRouter,
  resources: resourcesRouter,
  schedules: schedulesRouter,
  audit: auditRouter,
  users: usersRouter,
  webhooks: webhooksRouter,
  templates: templatesRouter,
  branding: brandingRouter,
  plans: plansRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) with an explicit context. */
export const createCaller = createCallerFactory(appRouter);
