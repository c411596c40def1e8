// Next.js calls register() once when a server starts: a wrong configuration (in production, no
// NEXTAUTH_SECRET) stops it here, naming every problem, before it serves a single request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { configOrExit } = await import("./server/config");
  configOrExit();
}
