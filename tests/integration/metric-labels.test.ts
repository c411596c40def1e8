import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metrics } from "@/server/observability/metrics";
import { listenPortalServer } from "./portal-server";

// ─── METRIC LABELS STAY BOUNDED ─── Every series of http_requests_total costs memory for the
// life of the process, so no path a client makes up may become a label of its own. The portal's
// HTTP server runs here for real, with a stand-in for Next.js that answers as Next does for paths
// it does not know: 308 to drop a trailing slash, 400 from next-auth for an unknown action.

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ base, close } = await listenPortalServer({
    next: (request, response) => {
      response.statusCode = request.url?.endsWith("/") ? 308 : request.url?.startsWith("/api/auth/") ? 400 : 200;
      response.end();
    },
    trustProxyHops: 0,
  }));
});

afterAll(() => close());

const junk = () => randomBytes(6).toString("hex");

async function routeLabels(): Promise<string[]> {
  const { values } = await metrics.httpRequests.get();
  return [...new Set(values.map((value) => String(value.labels.route)))];
}

describe("the route label of a request", () => {
  it("is one of the known route templates or `other`, whatever paths a client invents", async () => {
    const sent: string[] = [];
    for (let i = 0; i < 10; i++) {
      const made = [`/${junk()}/`, `/api/auth/${junk()}`, `/${junk()}`, `/customers/${junk()}`, `/voip/flow/${junk()}`];
      sent.push(...made);
      for (const path of made) await fetch(`${base}${path}`, { method: path.startsWith("/voip/") ? "PATCH" : "GET" });
    }
    await fetch(`${base}/healthz`);
    await fetch(`${base}/accounts/${junk()}/flows/new`);

    const labels = await routeLabels();
    for (const path of sent) {
      const token = path.split("/").find((segment) => /^[0-9a-f]{12}$/.test(segment))!;
      expect(
        labels.some((label) => label.includes(token)),
        `${path} became a label`,
      ).toBe(false);
    }
    expect(labels).toEqual(
      expect.arrayContaining([
        "other",
        "/healthz",
        "/api/auth/{...nextauth}",
        "/customers/{id}",
        "/voip/flow/{uuid}",
        "/accounts/{accountId}/flows/new",
      ]),
    );
    expect(labels.length).toBeLessThan(10);
  });
});
