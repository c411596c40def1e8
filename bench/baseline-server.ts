import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type pg from "pg";

// What the API benchmark's baseline servers (bare-server.ts, minimal-server.ts) share: only
// GET /voip/flow/{uuid}, answered in the provider's envelope, on PORT, stopped by SIGTERM.

const FLOW_PATH = /^\/voip\/flow\/([0-9a-f-]{36})$/i;

export function send(
  response: ServerResponse,
  status: number,
  message: string,
  result: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  response.end(JSON.stringify({ result, status_code: status, status_message: message }));
}

/** Serves `answer` for GET /voip/flow/{uuid} (404 for anything else, 500 for a throw) until SIGTERM, then closes `pool`. */
export function serveFlowGet(
  pool: pg.Pool,
  answer: (request: IncomingMessage, response: ServerResponse, flowId: string) => Promise<void>,
): void {
  const server = createServer(async (request, response) => {
    try {
      const match = FLOW_PATH.exec(request.url ?? "");
      if (request.method !== "GET" || !match) return send(response, 404, "Not Found", {});
      await answer(request, response, match[1]!);
    } catch (error) {
      console.error(error);
      send(response, 500, "Internal Server Error", {});
    }
  });
  server.listen(Number(process.env.PORT), "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
}
