import { accountsRouter } from "@/server/routers/accounts";
import { apiCredentialsRouter } from "@/server/routers/api-credentials";
import { auditRouter } from "@/server/routers/audit";
import { callFlowLayoutsRouter } from "@/server/routers/call-flow-layouts";
import { callFlowsRouter } from "@/server/routers/call-flows";
import { resourcesRouter } from "@/server/routers/resources";
import { schedulesRouter } from "@/server/routers/schedules";
import { simulatorRouter } from "@/server/routers/simulator";
import { usageRouter } from "@/server/routers/usage";
import { usersRouter } from "@/server/routers/users";
import { createCallerFactory, router } from "./init";

export const appRouter = router({ accounts: accountsRouter, apiCredentials: apiCredentialsRouter, usage: usageRouter, simulator: simulatorRouter, callFlows: callFlowsRouter, callFlowLayouts: callFlowLayoutsRouter, resources: resourcesRouter, schedules: schedulesRouter, audit: auditRouter, users: usersRouter });

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) with an explicit context. */
export const createCaller = createCallerFactory(appRouter);
