import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openPGlite } from "../../server/db/adapter";
import { logger } from "../../server/observability/logger";

export type { SchemaEngine };

export const SCHEMA_PATH = path.join(import.meta.dirname, "..", "schema.prisma");

let engineModuleReady: Promise<void> | undefined;

/** Loads Prisma's WebAssembly schema engine once per process. */
function ensureEngineModule(): Promise<void> {
  engineModuleReady ??= instantiateEngineModule();
  return engineModuleReady;
}

async function instantiateEngineModule(): Promise<void> {
  // The package's own entry point imports the .wasm file as an ES module, which Node cannot do.
  const packageEntry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
  const bytes = await readFile(path.join(path.dirname(packageEntry), "schema_engine_bg.wasm"));
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {
    "./schema_engine_bg.js": withTrackedTimers(engineBindings),
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  installPanicRegistry();
}

const engineTimers = new Set<NodeJS.Timeout>();
let activeSessions = 0;

/**
 * The engine guards some steps (taking the migration lock, for one) with 10 s timers that it
 * never clears: they would keep the process alive 10 s after the work is done. Its timers are
 * recorded so they can be cleared once no engine session is running.
 */
function withTrackedTimers(bindings: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const setTimeoutBinding = Object.keys(bindings).find((name) => name.startsWith("__wbg_setTimeout_"));
  if (!setTimeoutBinding) return bindings;
  return { ...bindings, [setTimeoutBinding]: trackedSetTimeout };
}

function trackedSetTimeout(callback: () => void, delay: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    engineTimers.delete(timer);
    callback();
  }, delay >>> 0);
  engineTimers.add(timer);
  return timer;
}

function clearTimersOnceIdle(): void {
  if (activeSessions > 0) return;
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

/**
 * On a Rust panic the engine hands its message to this global, then throws a bare
 * "unreachable" error; without the global the message is lost behind a TypeError.
 */
function installPanicRegistry(): void {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message) => logger.error({ panic: message }, "Prisma schema engine panicked"),
  };
}

type ScriptRunner = (script: string) => Promise<unknown>;

/**
 * The connection the engine gets: it delegates to `connection`, except that
 * - migration files run through `runScript` when the driver behind it is known. Both adapters
 *   mishandle `executeScript`: pglite-prisma-adapter 0.7.2 (the latest release) does not await
 *   it, so a failing migration is recorded as applied and its error surfaces later as an
 *   unhandled rejection; @prisma/adapter-pg splits the file at every ";" (breaking function
 *   bodies and strings that hold one) and runs the pieces apart, so a failure leaves half a
 *   migration behind. Prisma's native engine sends the whole file as one simple-protocol query,
 *   which PostgreSQL runs as one implicit transaction; `runScript` does the same.
 * - disposing happens at most once: the engine disposes shadow connections itself, and the
 *   session disposes every connection when it ends.
 */
function sessionConnection(
  connection: SqlDriverAdapter,
  runScript: ScriptRunner | undefined,
  dispose: () => Promise<void>,
): SqlDriverAdapter {
  let disposal: Promise<void> | undefined;
  return {
    provider: connection.provider,
    adapterName: connection.adapterName,
    queryRaw: (query) => connection.queryRaw(query),
    executeRaw: (query) => connection.executeRaw(query),
    executeScript: runScript
      ? async (script) => {
          await runScript(script).catch(rethrowAsDriverAdapterError);
        }
      : (script) => connection.executeScript(script),
    startTransaction: (isolationLevel) => connection.startTransaction(isolationLevel),
    getConnectionInfo: connection.getConnectionInfo?.bind(connection),
    dispose: () => (disposal ??= dispose()),
  };
}

/**
 * How to run a whole script on the driver behind a connection: pglite-prisma-adapter keeps its
 * PGlite in a field its types do not declare; the pg adapter exposes its pool.
 */
function scriptRunnerBehind(connection: SqlDriverAdapter): ScriptRunner | undefined {
  const pglite: unknown = Reflect.get(connection, "client");
  if (pglite instanceof PGlite) return (script) => pglite.exec(script);
  const underlyingDriver: unknown = Reflect.get(connection, "underlyingDriver");
  if (typeof underlyingDriver === "function") {
    const pool: unknown = underlyingDriver.call(connection);
    if (pool instanceof pg.Pool) return (script) => pool.query(script);
  }
  return undefined;
}

/**
 * Hands the engine PostgreSQL's own error (it records the message in `_prisma_migrations.logs`);
 * anything else reaches it as an opaque "External error id#N".
 */
function rethrowAsDriverAdapterError(error: unknown): never {
  if (!(error instanceof Error) || typeof Reflect.get(error, "code") !== "string") throw error;
  const field = (name: string) => {
    const value: unknown = Reflect.get(error, name);
    return typeof value === "string" ? value : undefined;
  };
  throw new DriverAdapterError({
    kind: "postgres",
    code: field("code") ?? "N/A",
    severity: field("severity") ?? "N/A",
    message: error.message,
    detail: field("detail"),
    column: field("column"),
    hint: field("hint"),
  });
}

/**
 * An in-memory PostgreSQL to replay the migrations folder on when the engine needs a shadow
 * database. One on the real server would need the right to create databases, and fails with
 * this engine anyway (../shared/STACK.md). Disposing the connection closes the instance, which
 * the adapter package itself never does.
 */
async function connectToInMemoryShadowDb(): Promise<SqlDriverAdapter> {
  const pglite = openPGlite();
  const connection = await new PrismaPGlite(pglite).connect();
  return sessionConnection(
    connection,
    (script) => pglite.exec(script),
    () => pglite.close(),
  );
}

/**
 * The adapter factory the engine gets: the real database behind `factory`, the shadow database
 * in memory. The engine never disposes its main connection (the pg adapter keeps a pool open
 * until then), so every connection is recorded and disposed when the session ends.
 */
function sessionFactory(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeConnections: () => Promise<void>;
} {
  const connections: SqlDriverAdapter[] = [];
  const recorded = (connection: SqlDriverAdapter) => {
    connections.push(connection);
    return connection;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => {
        const connection = await factory.connect();
        const runScript = scriptRunnerBehind(connection);
        return recorded(sessionConnection(connection, runScript, () => connection.dispose()));
      },
      connectToShadowDb: async () => recorded(await connectToInMemoryShadowDb()),
    },
    disposeConnections: async () => {
      await Promise.all(connections.splice(0).map((connection) => connection.dispose()));
    },
  };
}

/**
 * Runs `work` with a schema engine that talks to the database behind `factory` and keeps its
 * shadow database in memory. Afterwards the engine is freed and its connections are disposed;
 * the caller still owns the factory (and, for PGlite, the instance behind it).
 */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await ensureEngineModule();
  const schemaText = await readFile(SCHEMA_PATH, "utf8");
  const session = sessionFactory(factory);
  activeSessions += 1;
  try {
    const engine = await engineBindings.SchemaEngine.new(
      { datamodels: [[SCHEMA_PATH, schemaText]] },
      ignoreEngineLog,
      bindMigrationAwareSqlAdapterFactory(session.factory),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    activeSessions -= 1;
    await session.disposeConnections();
    clearTimersOnceIdle();
  }
}

/** The engine logs tracing spans as JSON lines; its errors reach the caller as rejections instead. */
function ignoreEngineLog(): void {}
