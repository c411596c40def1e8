import { generate } from "otplib";
import { beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { db } from "@/server/db";
import { leanApp } from "@/server/http/lean-app";
import { tone } from "@/tests/support/audio";
import { callerAs, createTenants, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";
import { fileRoutes, sessionCookie } from "./portal-routes";
import type { Tenants } from "./procedure-helpers";

// The file routes take the same session as tRPC, so they must apply the same rules. This file's
// process requires two-factor sign-in for staff (REQUIRE_2FA_FOR_STAFF=1), as a deployment would.
process.env.REQUIRE_2FA_FOR_STAFF = "1";

let t: Tenants;
let soundId: string;
beforeAll(async () => {
  t = await createTenants();
  const form = new FormData();
  form.append("name", "Greeting");
  form.append("file", new Blob([new Uint8Array(await tone("wav", 0.5))]), "greeting.wav");
  const uploaded = await fileRoutes.soundUpload(t.accounts.customerA1.id, {
    cookie: await sessionCookie(t.actors.customerA1.userId),
    headers: { "Sec-Fetch-Site": "same-origin" },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  soundId = ((await uploaded.json()) as { id: string }).id;
});

function soundForm(): FormData {
  const form = new FormData();
  form.append("name", "Staff upload");
  form.append("file", new Blob([new Uint8Array(44)]), "x.wav");
  return form;
}

describe("staff who must set up two-factor sign-in and have not", () => {
  it("cannot export the audit log, upload sounds or stream audio: 403, as tRPC answers", async () => {
    for (const staff of [t.actors.admin, t.actors.resellerA]) {
      expect(staff.mustEnrolTwoFactor).toBe(true);
      const cookie = await sessionCookie(staff.userId);
      const sameOrigin = { cookie, headers: { "Sec-Fetch-Site": "same-origin" } };
      const answers = {
        export: await fileRoutes.auditExport(sameOrigin),
        upload: await fileRoutes.soundUpload(t.accounts.customerA1.id, { ...sameOrigin, body: soundForm() }),
        audio: await fileRoutes.soundAudio(t.accounts.customerA1.id, soundId, sameOrigin),
      };
      for (const [route, response] of Object.entries(answers)) {
        expect(response.status, `${staff.role} ${route}`).toBe(403);
        expect(await response.json(), `${staff.role} ${route}`).toEqual({
          error: { code: "FORBIDDEN", message: "Set up two-factor sign-in first", issues: [] },
        });
      }
    }
  });

  it("can use them once enrolled", async () => {
    const caller = callerAs(t.actors.admin);
    const { secret } = await caller.users.twoFactor.begin({ password: FIXTURE_PASSWORD });
    await caller.users.twoFactor.confirm({ code: await generate({ secret }) });
    const cookie = await sessionCookie(t.actors.admin.userId);
    const exported = await fileRoutes.auditExport({ cookie, headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    await exported.body?.cancel();
    const audio = await fileRoutes.soundAudio(t.accounts.customerA1.id, soundId, { cookie });
    expect(audio.status).toBe(200);
    await audio.body?.cancel();
  });

  it("customers are not required to use it", async () => {
    const audio = await fileRoutes.soundAudio(t.accounts.customerA1.id, soundId, {
      cookie: await sessionCookie(t.actors.customerA1.userId),
    });
    expect(audio.status).toBe(200);
    await audio.body?.cancel();
  });
});

describe("state-changing requests from another site (CSRF)", () => {
  const refused = { error: { code: "FORBIDDEN", message: "Cross-site request refused", issues: [] } };

  it("a multipart sound upload posted from another site is refused with the victim's cookie, and stores nothing", async () => {
    const cookie = await sessionCookie(t.actors.customerA1.userId);
    const stored = () => db.sound.count({ where: { accountId: t.accounts.customerA1.id } });
    const before = await stored();
    const attacks: Record<string, Record<string, string>> = {
      "Sec-Fetch-Site cross-site": { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" },
      "Sec-Fetch-Site same-site (a sibling subdomain)": { "Sec-Fetch-Site": "same-site", Origin: "https://evil.portal.test" },
      "an old browser: Origin of another site only": { Origin: "https://evil.example" },
      "Origin null (sandboxed frame)": { Origin: "null" },
      "neither header, nor the custom one": {},
    };
    for (const [attack, headers] of Object.entries(attacks)) {
      const response = await fileRoutes.soundUpload(t.accounts.customerA1.id, { cookie, headers, body: soundForm() });
      expect(response.status, attack).toBe(403);
      expect(await response.json(), attack).toEqual(refused);
    }
    expect(await stored()).toBe(before);
  });

  it("the portal's own page (same origin), and a script sending X-Requested-With, may upload", async () => {
    const cookie = await sessionCookie(t.actors.customerA1.userId);
    const file = new Uint8Array(await tone("wav", 0.3));
    const allowed: Record<string, Record<string, string>> = {
      "Sec-Fetch-Site same-origin": { "Sec-Fetch-Site": "same-origin", Origin: "http://portal.test" },
      "Origin of the portal itself": { Origin: "http://portal.test", Host: "portal.test" },
      "a script: X-Requested-With": { "X-Requested-With": "script" },
    };
    for (const [client, headers] of Object.entries(allowed)) {
      const form = new FormData();
      form.append("name", client);
      form.append("file", new Blob([file]), "a.wav");
      const response = await fileRoutes.soundUpload(t.accounts.customerA1.id, { cookie, headers, body: form });
      expect(response.status, client).toBe(201);
    }
  });

  it("reading (GET) is not a change: a cross-site audio link still plays for the signed-in user", async () => {
    const response = await fileRoutes.soundAudio(t.accounts.customerA1.id, soundId, {
      cookie: await sessionCookie(t.actors.customerA1.userId),
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

describe("tRPC mutations from another site (CSRF)", () => {
  async function invite(email: string, headers: Record<string, string>) {
    const request = new Request("http://portal.test/api/trpc/users.invite", {
      method: "POST",
      headers: {
        Cookie: await sessionCookie(t.actors.customerA1.userId),
        "Content-Type": "application/json",
        [CLIENT_IP_HEADER]: "192.0.2.21",
        ...headers,
      },
      body: JSON.stringify({ json: { accountId: t.accounts.customerA1.id, email, displayName: "Invited" } }),
    });
    return leanApp.fetch(request);
  }

  it("are refused with 403 and change nothing; the portal's own page gets through", async () => {
    const attacks: Record<string, Record<string, string>> = {
      "Sec-Fetch-Site cross-site": { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" },
      "Origin of another site only": { Origin: "https://evil.example" },
      "a form post (multipart), no headers": { "Content-Type": "multipart/form-data; boundary=x" },
    };
    for (const [attack, headers] of Object.entries(attacks)) {
      const email = `csrf-${uniqueSuffix()}@example.test`;
      const response = await invite(email, headers);
      expect(response.status, attack).toBe(403);
      const body = (await response.json()) as { error: { json: { message: string; data: { appCode: string } } } };
      expect(body.error.json.message, attack).toBe("Cross-site request refused");
      expect(body.error.json.data.appCode, attack).toBe("FORBIDDEN");
      expect(await db.user.count({ where: { email } }), attack).toBe(0);
    }
    const email = `same-origin-${uniqueSuffix()}@example.test`;
    expect((await invite(email, { "Sec-Fetch-Site": "same-origin", Origin: "http://portal.test" })).status).toBe(200);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });
});
