import "server-only";
// How our own Node processes load TypeScript that reaches server modules outside Next's bundles:
// tsx, and the hook that makes `import "server-only"` empty there (server-only-hooks.mjs).
export const NODE_ARGS_OUTSIDE_NEXT = ["--import", "./server/runtime/outside-next.mjs", "--import", "tsx"] as const;
