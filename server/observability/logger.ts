import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";
import { loggingSettings } from "@/server/config";
import { processSingleton } from "@/server/process-singleton";

/**
 * The one logger: JSON lines in production (one object per line, for a log shipper), the same
 * records pretty-printed in development. Secrets are redacted by path wherever a caller puts
 * them, as a second guard: request logs never include headers or bodies in the first place.
 */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "headers.authorization",
  "headers.cookie",
  'headers["x-auth-password"]',
  "flow",
  "*.flow",
];

/** pino-pretty is a development dependency: production images do not have it, and need not. */
function prettyStream(): DestinationStream | undefined {
  const { LOG_FORMAT, NODE_ENV } = loggingSettings();
  if (LOG_FORMAT === "json" || (NODE_ENV === "production" && LOG_FORMAT !== "pretty")) return undefined;
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" });
  } catch {
    return undefined;
  }
}

// One instance per process, shared by the custom server and Next's bundles (as the database
// client is), so every line has the same shape and level.
export const logger: Logger = processSingleton("portalLogger", () =>
  pino(
    {
      level: loggingSettings().LOG_LEVEL ?? (loggingSettings().NODE_ENV === "test" ? "warn" : "info"),
      base: { service: "callflow-portal" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: { err: pino.stdSerializers.err },
    },
    prettyStream(),
  ),
);
