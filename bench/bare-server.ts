import pg from "pg";
import { verifyApiPassword } from "@/server/auth/api-password";
import { failureAddress, lockedForMinutes } from "@/server/auth/failure-limit";
import { CREDENTIAL_SQL, credentialRow, failureSubject } from "@/server/rest/authenticate";
import type { StoredCallFlow } from "@/server/services/call-flows/call-flows";
import { etagOf, toApiCallFlow } from "@/server/services/representations";
import { send, serveFlowGet } from "./baseline-server";

// The API benchmark's baseline (bench/api.ts): GET /voip/flow/{uuid} on bare node:http and pg,
// with the portal's authentication SQL and password check and the same flow query the portal's
// service sends, answering the same envelope. No router, no ORM, no metering: the most a Node
// server could do with the same database work.

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const FLOW_SQL = `SELECT "id", "accountId", "name", "extension", "flow", "showCallRouteName", "showOriginalCallerId", "version", "createdAt", "updatedAt"
  FROM "CallFlow" t0
 WHERE t0."id" = $1 AND t0."accountId" = $2
   AND EXISTS (SELECT 1 FROM "Account" t1 WHERE t1."id" = t0."accountId" AND t1."path" LIKE $3)
 LIMIT 1`;

serveFlowGet(pool, async (request, response, flowId) => {
  const reseller = String(request.headers["x-auth-reseller"] ?? "");
  const user = String(request.headers["x-auth-user"] ?? "");
  const password = String(request.headers["x-auth-password"] ?? "");
  const actingFor = String(request.headers["x-auth-for"] ?? "");
  const ip = failureAddress(request.socket.remoteAddress ?? "unknown");
  const { rows } = await pool.query(CREDENTIAL_SQL, [reseller, user, failureSubject(reseller, user), ip, actingFor]);
  const row = credentialRow(rows[0].row);
  if (lockedForMinutes(row) !== null) return send(response, 429, "Too Many Requests", {});
  const verification = await verifyApiPassword(password, row.id ? row.passwordHash : null);
  if (!row.id || !verification.ok) return send(response, 401, "Unauthorized", {});
  const accountId = actingFor ? row.actingForId : row.accountId;
  if (!accountId) return send(response, 404, "Not Found", {});
  const flows = await pool.query<StoredCallFlow>(FLOW_SQL, [flowId, accountId, `${row.accountPath}%`]);
  const flow = flows.rows[0];
  if (!flow) return send(response, 404, "Not Found", {});
  send(response, 200, "OK", toApiCallFlow(flow), { ETag: etagOf(flow) });
});
