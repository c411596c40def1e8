// Next.js may load one of our modules several times in one process (development reloads, route
// handlers bundled apart from the custom server), yet some objects must exist once per process:
// the database client, the job queue, the logger, the metrics registry, in-memory queues and
// buffers. They live on globalThis under a name, created by whichever copy of the module runs first.

const registry = globalThis as unknown as Record<string, unknown>;

/** The process's one object of this name, created by `create` on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  if (!(name in registry)) registry[name] = create();
  return registry[name] as T;
}

/** Removes the process's object of this name (closed by the caller), so the next use creates a new one. */
export function releaseProcessSingleton<T>(name: string): T | undefined {
  const existing = registry[name] as T | undefined;
  delete registry[name];
  return existing;
}
