"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { FieldIssue, WireErrorCode } from "@/server/errors";
import type { AppRouter } from "@/server/trpc/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** What each procedure answers, as the client receives it: `RouterOutputs["callFlows"]["get"]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: false } } }));
  const [trpcClient] = useState(() =>
    // POST for queries too: a whole call flow (simulation, validation) does not fit in a URL.
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", methodOverride: "POST", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

export type ServerFieldIssue = FieldIssue;

/** A failure the server answered, typed by its error formatter (server/trpc/init.ts); null for any other. */
function answeredError(error: unknown): TRPCClientError<AppRouter> | null {
  return error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>) : null;
}

/** The field issues a failed mutation carries (see the server's error formatter). */
export function serverIssues(error: unknown): { message: string; issues: ServerFieldIssue[] } {
  const answered = answeredError(error);
  if (answered) return { message: answered.message, issues: answered.data?.issues ?? [] };
  return { message: "Something went wrong. Please try again.", issues: [] };
}

/** The application's error code a failed call carries (server/errors.ts), to branch on instead of its text. */
export function appErrorCode(error: unknown): WireErrorCode | null {
  return answeredError(error)?.data?.appCode ?? null;
}
