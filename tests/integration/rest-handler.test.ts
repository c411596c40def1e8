import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { logger } from "@/server/observability/logger";
import { voipEndpoint } from "@/server/rest/handler";
import { flushApiUsage } from "@/server/rest/metering";
import { createTenants } from "./fixtures";
import { authHeaders, createApiUser, type ApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
});

describe("an unexpected failure", () => {
  it("is a bare 500 in the envelope: no stack, no SQL; the details go to the server's log, and it is metered", async () => {
    const secret = 'relation "CallFlow" violates SELECT * FROM "ApiCredential"';
    const failing = voipEndpoint({
      route: "/voip/test-failure",
      run: async () => {
        throw new Error(secret);
      },
    });
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      const request = new Request("http://localhost/voip/test-failure", { headers: authHeaders(resellerA) });
      const response = await failing(request, {});
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ result: {}, status_code: 500, status_message: "Internal Server Error" });
      expect(text).not.toMatch(/SELECT|ApiCredential|at .*\.ts/);
      const [fields] = log.mock.calls[0] as unknown as [{ err: Error; route: string }];
      expect(fields.err.message).toContain(secret);
      expect(fields.route).toBe("/voip/test-failure");
    } finally {
      log.mockRestore();
    }
    await flushApiUsage();
    const metered = await db.apiUsageDaily.findMany({
      where: { accountId: t.accounts.resellerA.id, route: "/voip/test-failure" },
    });
    expect(metered).toMatchObject([{ status: 500, method: "GET", requests: 1 }]);
  });
});
