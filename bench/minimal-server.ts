import { createHmac, randomBytes } from "node:crypto";
import pg from "pg";
import { verifyApiPassword } from "@/server/auth/api-password";
import { failureAddress } from "@/server/auth/failure-limit";
import { CREDENTIAL_SQL, credentialRow, failureSubject } from "@/server/rest/authenticate";
import type { StoredCallFlow } from "@/server/services/call-flows/call-flows";
import { etagOf, toApiCallFlow } from "@/server/services/representations";
import { send, serveFlowGet } from "./baseline-server";

// The API benchmark's second baseline (bench/api.ts): the least a Node server could do for
// GET /voip/flow/{uuid}. node:http and pg, the credential's verification kept in memory after
// its first success (keyed by an HMAC of the headers under a per-process key, never the
// password), so a request costs one query: the flow, as a named prepared statement. No router,
// no ORM, no metering, no logging, and no revocation: nothing it caches is ever invalidated.

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const FLOW_QUERY = {
  name: "minimal_flow",
  text: `SELECT "id", "accountId", "name", "extension", "flow", "showCallRouteName", "showOriginalCallerId", "version", "published", "createdAt", "updatedAt"
  FROM "CallFlow" WHERE "id" = $1 AND "accountId" = $2 AND "published"`,
};

const cacheKey = randomBytes(32);
/** HMAC of the headers → the account the request acts for. Successes only. */
const verified = new Map<string, string>();

/** The account acted for, from memory after the first success; null when the headers do not authenticate. */
async function actingAccount(reseller: string, user: string, password: string, actingFor: string, ip: string) {
  const key = createHmac("sha256", cacheKey).update(`${reseller}\0${user}\0${password}\0${actingFor}`).digest("base64");
  const known = verified.get(key);
  if (known) return known;
  const { rows } = await pool.query(CREDENTIAL_SQL, [reseller, user, failureSubject(reseller, user), ip, actingFor]);
  const row = credentialRow(rows[0].row);
  const verification = await verifyApiPassword(password, row.id ? row.passwordHash : null);
  const accountId = actingFor ? row.actingForId : row.accountId;
  if (!row.id || !verification.ok || !accountId) return null;
  verified.set(key, accountId);
  return accountId;
}

serveFlowGet(pool, async (request, response, flowId) => {
  const accountId = await actingAccount(
    String(request.headers["x-auth-reseller"] ?? ""),
    String(request.headers["x-auth-user"] ?? ""),
    String(request.headers["x-auth-password"] ?? ""),
    String(request.headers["x-auth-for"] ?? ""),
    failureAddress(request.socket.remoteAddress ?? "unknown"),
  );
  if (!accountId) return send(response, 401, "Unauthorized", {});
  const { rows } = await pool.query<StoredCallFlow>({ ...FLOW_QUERY, values: [flowId, accountId] });
  const flow = rows[0];
  if (!flow) return send(response, 404, "Not Found", {});
  send(response, 200, "OK", toApiCallFlow(flow), { ETag: etagOf(flow) });
});
