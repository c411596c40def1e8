import { accountsRouter } from "@/server/routers/accounts";
import { createCallerFactory, router } from "./init";

export const appRouter = router({ accounts: accountsRouter });

export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) with an explicit context. */
export const createCaller = createCallerFactory(appRouter);
