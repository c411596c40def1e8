import { encode } from "next-auth/jwt";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { db } from "@/server/db";
import * as soundAudioRoute from "@/app/api/accounts/[accountId]/sounds/[soundId]/audio/route";
import * as soundsRoute from "@/app/api/accounts/[accountId]/sounds/route";
import * as flowCallsRoute from "@/app/api/accounts/[accountId]/flows/[flowId]/calls/route";
import * as auditExportRoute from "@/app/api/audit/export/route";
import * as exportsRoute from "@/app/api/exports/[kind]/route";
import * as importsRoute from "@/app/api/imports/[kind]/route";

// The portal's file routes (app/api/…/route.ts) called in-process: the exported handler with a
// Request carrying a real session cookie, as the browser would send it after signing in.

/** next-auth's session cookie for a user at their current session version. */
export async function sessionCookie(userId: string): Promise<string> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  const token = await encode({ token: { sub: userId, sv: sessionVersion }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

type RouteRequest = { cookie?: string; headers?: Record<string, string>; body?: BodyInit };

function request(method: string, path: string, { cookie, headers, body }: RouteRequest): Request {
  const all = new Headers({ [CLIENT_IP_HEADER]: "192.0.2.20", "User-Agent": "route-test", ...headers });
  if (cookie) all.set("Cookie", cookie);
  return new Request(`http://portal.test${path}`, { method, headers: all, body });
}

/** Every file route the portal has, by what it does (tests/unit/portal-routes.test.ts keeps the list whole). */
export const fileRoutes = {
  auditExport: (init: RouteRequest = {}) => auditExportRoute.GET(request("GET", "/api/audit/export", init)),
  importDryRun: (kind: string, init: RouteRequest = {}) =>
    importsRoute.POST(request("POST", `/api/imports/${kind}?dry_run=true`, init), { params: Promise.resolve({ kind }) }),
  exportCsv: (kind: string, init: RouteRequest = {}) =>
    exportsRoute.GET(request("GET", `/api/exports/${kind}`, init), { params: Promise.resolve({ kind }) }),
  flowCallsCsv: (accountId: string, flowId: string, query: string, init: RouteRequest = {}) =>
    flowCallsRoute.GET(request("GET", `/api/accounts/${accountId}/flows/${flowId}/calls${query}`, init), {
      params: Promise.resolve({ accountId, flowId }),
    }),
  soundUpload: (accountId: string, init: RouteRequest = {}) =>
    soundsRoute.POST(request("POST", `/api/accounts/${accountId}/sounds`, init), { params: Promise.resolve({ accountId }) }),
  soundAudio: (accountId: string, soundId: string, init: RouteRequest = {}) =>
    soundAudioRoute.GET(request("GET", `/api/accounts/${accountId}/sounds/${soundId}/audio`, init), {
      params: Promise.resolve({ accountId, soundId }),
    }),
};
