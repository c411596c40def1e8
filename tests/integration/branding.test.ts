import type { TRPCError } from "@trpc/server";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/server/auth/client-ip";
import { authOptions } from "@/server/auth/options";
import { SIGN_IN_ERROR } from "@/server/auth/sign-in-errors";
import { config, publicUrl } from "@/server/config";
import { db } from "@/server/db";
import { leanApp } from "@/server/http/lean-app";
import { brandForPath } from "@/server/services/branding/branding";
import { activeDomainOfHost, linkBaseForPath, verifyCustomDomain } from "@/server/services/branding/custom-domains";
import { callerAs, contextAs, createAccount, createTenants, createUserIn, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";
import { sessionCookie } from "./portal-routes";
import { type Tenants, trpcCode, trpcError } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

// A reseller's brand over tRPC and REST, its images, its custom domains, sign-in on them, and
// the invitation mail it sends (caught by a local SMTP sink).

let t: Tenants;
let apiA: ApiUser;
let apiB: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  apiA = await createApiUser(t.accounts.resellerA);
  apiB = await createApiUser(t.accounts.resellerB);
});

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const MALICIOUS_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 20" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <image xlink:href="http://evil.example/track.png" width="10" height="10"/>
  <a href="javascript:alert(1)"><rect width="10" height="10" onclick="alert(2)" style="fill:url(http://evil.example/x)"/></a>
  <foreignObject width="100" height="20"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://evil.example"></iframe></div></foreignObject>
  <text x="12" y="15" fill="#123456">Acme Voice</text>
</svg>`;

/** The issues of an input tRPC refused before any service ran (its zod error), path in dots. */
function inputIssues(error: TRPCError): { path: string; message: string }[] {
  const issues = (error.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues ?? [];
  return issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

const brandBody = (fields: Record<string, unknown> = {}) => ({ product_name: "Acme Voice", ...fields });

function uploadRequest(path: string, user: ApiUser, body: BodyInit, contentType: string, actingFor?: string): Request {
  return new Request(`http://localhost${path}`, {
    method: "PUT",
    headers: { ...authHeaders(user, actingFor), "Content-Type": contentType, [CLIENT_IP_HEADER]: "192.0.2.10" },
    body,
  });
}

describe("the brand over REST", () => {
  it("GET answers the platform's brand, inherited, until the reseller sets its own", async () => {
    const response = await callApi("GET", "/voip/branding", { headers: authHeaders(apiB) });
    expect(response.status).toBe(200);
    expect(response.json!.result).toMatchObject({ product_name: "Call Flow Portal", inherited: true, logo_url: null });
  });

  it("PUT stores the brand; GET reads it back; a field left out returns to its default", async () => {
    const body = brandBody({
      primary_color: "#123456",
      accent_color: "#0b5d3b",
      support_email: "help@acme.example",
      support_url: "https://help.acme.example",
      sign_in_message: "Welcome to Acme Voice",
      hide_powered_by: true,
    });
    const put = await callApi("PUT", "/voip/branding", { headers: authHeaders(apiA), body });
    expect(put.status).toBe(200);
    expect(put.json!.result).toMatchObject({ ...body, inherited: false });
    const read = await callApi("GET", "/voip/branding", { headers: authHeaders(apiA) });
    // What GET answers can be sent back whole.
    const again = await callApi("PUT", "/voip/branding", { headers: authHeaders(apiA), body: read.json!.result });
    expect(again.status).toBe(200);
    expect(again.json!.result).toEqual(read.json!.result);
  });

  it("refuses a colour under WCAG AA contrast, naming the field and the measured ratio", async () => {
    const response = await callApi("PUT", "/voip/branding", {
      headers: authHeaders(apiA),
      body: brandBody({ primary_color: "#ffff00", accent_color: "#7f7f7f" }),
    });
    expect(response.status).toBe(400);
    const errors = response.json!.errors!;
    expect(errors.map((error) => error.path).sort()).toEqual(["accent_color", "primary_color"]);
    expect(errors.find((error) => error.path === "primary_color")!.message).toContain("1.07:1");
    expect(errors.find((error) => error.path === "accent_color")!.message).toMatch(
      /#7f7f7f .* 4\.00:1; WCAG AA needs at least 4\.5:1/,
    );
  });

  it("refuses a product name over 40 characters and unknown fields", async () => {
    const response = await callApi("PUT", "/voip/branding", {
      headers: authHeaders(apiA),
      body: brandBody({ product_name: "x".repeat(41), colour: "blue" }),
    });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((error) => error.path).sort()).toEqual(["colour", "product_name"]);
  });

  it("PUT /voip/branding/logo takes a PNG by its bytes, and the logo is served", async () => {
    const response = await leanApp.fetch(uploadRequest("/voip/branding/logo", apiA, PNG, "application/octet-stream"));
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { logo_url: string; favicon_url: string } };
    expect(result.logo_url).toMatch(new RegExp(`^/brand/${t.accounts.resellerA.id}/logo\\?v=\\d+$`));
    expect(result.favicon_url).toBe(result.logo_url);
    const served = await leanApp.fetch(new Request(`http://localhost${result.logo_url}`));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("cleans a malicious SVG: no script, event handler, external reference or foreignObject survives", async () => {
    const response = await leanApp.fetch(uploadRequest("/voip/branding/logo", apiA, MALICIOUS_SVG, "image/svg+xml"));
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { logo_url: string } };
    const served = await leanApp.fetch(new Request(`http://localhost${result.logo_url}`));
    expect(served.headers.get("content-type")).toBe("image/svg+xml");
    expect(served.headers.get("content-security-policy")).toContain("default-src 'none'");
    const svg = await served.text();
    expect(svg).toContain("Acme Voice");
    for (const forbidden of [/<script/i, /onload/i, /onclick/i, /evil\.example/, /javascript:/i, /foreignObject/i, /iframe/i]) {
      expect(svg).not.toMatch(forbidden);
    }
  });

  it("refuses what is no PNG, WebP or SVG whatever its Content-Type, and an image over 256 KB", async () => {
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00", "binary");
    const notImage = await leanApp.fetch(uploadRequest("/voip/branding/logo", apiA, gif, "image/png"));
    expect(notImage.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(256 * 1024)]);
    const tooBig = await leanApp.fetch(uploadRequest("/voip/branding/logo", apiA, big, "image/png"));
    expect(tooBig.status).toBe(413);
  });

  it("DELETE /voip/branding/logo removes it", async () => {
    await leanApp.fetch(uploadRequest("/voip/branding/logo", apiA, PNG, "image/png"));
    expect((await callApi("DELETE", "/voip/branding/logo", { headers: authHeaders(apiA) })).status).toBe(204);
    const read = await callApi("GET", "/voip/branding", { headers: authHeaders(apiA) });
    expect(read.json!.result).toMatchObject({ logo_url: null });
  });

  it("another tenant's account is not found on every branding path; a customer has no brand to set", async () => {
    const foreign = t.accounts.customerA1.name;
    expect((await callApi("GET", "/voip/branding", { headers: authHeaders(apiB, foreign) })).status).toBe(404);
    expect((await callApi("PUT", "/voip/branding", { headers: authHeaders(apiB, foreign), body: brandBody() })).status).toBe(404);
    const upload = await leanApp.fetch(uploadRequest("/voip/branding/logo", apiB, PNG, "image/png", t.accounts.resellerA.name));
    expect(upload.status).toBe(404);
    expect((await callApi("DELETE", "/voip/branding/logo", { headers: authHeaders(apiB, foreign) })).status).toBe(404);
    // A customer shows its reseller's brand, and cannot set one.
    const customer = await callApi("GET", "/voip/branding", { headers: authHeaders(apiA, foreign) });
    expect(customer.json!.result).toMatchObject({ product_name: "Acme Voice", inherited: true });
    expect((await callApi("PUT", "/voip/branding", { headers: authHeaders(apiA, foreign), body: brandBody() })).status).toBe(403);
  });
});

describe("inheritance", () => {
  it("a nested reseller shows its parent's brand until it sets its own; its customers follow", async () => {
    const nested = await createAccount(`nested-${uniqueSuffix()}`, "reseller", t.accounts.resellerA);
    const nestedCustomer = await createAccount(`nested-customer-${uniqueSuffix()}`, "customer", nested);
    const reseller = callerAs(t.actors.resellerA);
    await reseller.branding.update({ accountId: t.accounts.resellerA.id, fields: { productName: "Parent Brand" } });
    expect(await brandForPath(nestedCustomer.path)).toMatchObject({
      productName: "Parent Brand",
      ownerId: t.accounts.resellerA.id,
    });
    expect(await reseller.branding.get({ accountId: nested.id })).toMatchObject({ inherited: true, editable: true });

    await reseller.branding.update({ accountId: nested.id, fields: { productName: "Child Brand", accentColor: "#5b2a86" } });
    expect(await brandForPath(nestedCustomer.path)).toMatchObject({ productName: "Child Brand", accentColor: "#5b2a86" });
    expect(await brandForPath(t.accounts.customerA1.path)).toMatchObject({ productName: "Parent Brand" });

    await reseller.branding.reset({ accountId: nested.id });
    expect(await brandForPath(nestedCustomer.path)).toMatchObject({ productName: "Parent Brand" });
  });

  it("names the field as the form labels it, with the ratio", async () => {
    const error = await trpcError(
      callerAs(t.actors.resellerA).branding.update({
        accountId: t.accounts.resellerA.id,
        fields: { productName: "Acme", primaryColor: "#cccccc" },
      }),
    );
    expect(inputIssues(error)).toEqual([
      {
        path: "fields.primaryColor",
        message: expect.stringMatching(/^Primary colour #cccccc gives white text a contrast of 1\.\d\d:1/),
      },
    ]);
  });
});

describe("custom domains", () => {
  const hostname = () => `portal-${uniqueSuffix()}.reseller.example`;

  it("a hostname is active once a TXT record holds its token, checked with the injected resolver", async () => {
    const reseller = callerAs(t.actors.resellerA);
    const name = hostname();
    const domain = await reseller.branding.domains.add({
      accountId: t.accounts.resellerA.id,
      hostname: `  ${name.toUpperCase()} `,
    });
    expect(domain).toMatchObject({ hostname: name, active: false, recordName: `_portal-verify.${name}` });
    expect(await activeDomainOfHost(`${name}:443`)).toBeNull();

    const asked: string[] = [];
    const ctx = contextAs(t.actors.resellerA);
    const ref = { accountId: t.accounts.resellerA.id, id: domain.id };
    await expect(
      verifyCustomDomain(ctx, ref, async (record) => {
        asked.push(record);
        return [["someone-else"]];
      }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const verified = await verifyCustomDomain(ctx, ref, async () => [
      ["v=spf1"],
      [domain.token.slice(0, 10), domain.token.slice(10)],
    ]);
    expect(asked).toEqual([`_portal-verify.${name}`]);
    expect(verified).toMatchObject({ active: true, activatedBy: "dns" });
    expect(await activeDomainOfHost(`${name}:443`)).toMatchObject({ accountId: t.accounts.resellerA.id });
    await reseller.branding.domains.remove(ref);
  });

  it("only a platform admin approves; another reseller cannot see, approve or remove it", async () => {
    const domain = await callerAs(t.actors.resellerA).branding.domains.add({
      accountId: t.accounts.resellerA.id,
      hostname: hostname(),
    });
    const ref = { accountId: t.accounts.resellerA.id, id: domain.id };
    expect(await trpcCode(callerAs(t.actors.resellerA).branding.domains.approve(ref))).toBe("FORBIDDEN");
    expect(await trpcCode(callerAs(t.actors.resellerB).branding.domains.list({ accountId: t.accounts.resellerA.id }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await trpcCode(callerAs(t.actors.resellerB).branding.domains.remove({ ...ref, accountId: t.accounts.resellerB.id })),
    ).toBe("NOT_FOUND");
    expect(await callerAs(t.actors.admin).branding.domains.approve(ref)).toMatchObject({ active: true, activatedBy: "admin" });
    await callerAs(t.actors.resellerA).branding.domains.remove(ref);
  });

  it("a hostname is taken once, and must be a hostname", async () => {
    const name = hostname();
    await callerAs(t.actors.resellerA).branding.domains.add({ accountId: t.accounts.resellerA.id, hostname: name });
    expect(
      await trpcCode(callerAs(t.actors.resellerB).branding.domains.add({ accountId: t.accounts.resellerB.id, hostname: name })),
    ).toBe("CONFLICT");
    const error = await trpcError(
      callerAs(t.actors.resellerA).branding.domains.add({
        accountId: t.accounts.resellerA.id,
        hostname: "https://x.example/path",
      }),
    );
    expect(inputIssues(error)).toEqual([{ path: "hostname", message: expect.stringContaining("portal.example.com") }]);
  });
});

describe("signing in on a custom domain", () => {
  let host: string;
  beforeAll(async () => {
    host = `signin-${uniqueSuffix()}.reseller.example`;
    await db.customDomain.create({
      data: {
        accountId: t.accounts.resellerA.id,
        hostname: host,
        verificationToken: "x",
        activatedAt: new Date(),
        activatedBy: "admin",
      },
    });
  });

  const authorize = (email: string, password: string, hostHeader: string) => {
    const provider = authOptions.providers[0] as unknown as {
      options: { authorize: (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };
    };
    return provider.options.authorize(
      { email, password, code: "" },
      { headers: { host: hostHeader, [CLIENT_IP_HEADER]: `198.51.100.${Math.floor(Math.random() * 200) + 1}` } },
    );
  };

  it("lets the reseller's tree in, and answers anyone else as a wrong password", async () => {
    const inside = await createUserIn(t.accounts.customerA1, "customer", `inside-${uniqueSuffix()}@example.test`);
    const outside = await createUserIn(t.accounts.customerB1, "customer", `outside-${uniqueSuffix()}@example.test`);
    await expect(authorize(inside.email, FIXTURE_PASSWORD, `${host}:3000`)).resolves.toMatchObject({ id: inside.id });
    await expect(authorize(outside.email, FIXTURE_PASSWORD, host)).rejects.toThrow(SIGN_IN_ERROR.invalid);
    await expect(authorize(outside.email, "wrong-password-here", host)).rejects.toThrow(SIGN_IN_ERROR.invalid);
    // On the platform's own host, or a host nobody registered, everyone signs in as before.
    await expect(authorize(outside.email, FIXTURE_PASSWORD, "localhost:3000")).resolves.toMatchObject({ id: outside.id });
    await expect(authorize(outside.email, FIXTURE_PASSWORD, "unknown.example")).resolves.toMatchObject({ id: outside.id });
  });
});

describe("invitation mails", () => {
  const received: string[] = [];
  let sink: SMTPServer;
  const settings = config() as { SMTP_URL?: string };
  let tenants: Tenants;
  let host: string;

  beforeAll(async () => {
    sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let data = "";
        stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
        stream.on("end", () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    settings.SMTP_URL = `smtp://127.0.0.1:${(sink.server.address() as { port: number }).port}`;
    // A platform of its own: the brand and domain here must not meet the other tests'.
    tenants = await createTenants();
    host = `mail-${uniqueSuffix()}.reseller.example`;
    const reseller = callerAs(tenants.actors.resellerA);
    await reseller.branding.update({
      accountId: tenants.accounts.resellerA.id,
      fields: { productName: "Acme Voice", accentColor: "#0b5d3b", supportEmail: "help@acme.example", hidePoweredBy: true },
    });
    await reseller.branding.uploadImage({
      accountId: tenants.accounts.resellerA.id,
      slot: "logo",
      base64: PNG.toString("base64"),
    });
    await db.customDomain.create({
      data: {
        accountId: tenants.accounts.resellerA.id,
        hostname: host,
        verificationToken: "x",
        activatedAt: new Date(),
        activatedBy: "dns",
      },
    });
  });

  afterAll(async () => {
    settings.SMTP_URL = undefined;
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  });

  /** The mail's text with quoted-printable soft breaks and escapes undone. */
  const decoded = (mail: string) => mail.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

  it("carries the brand (From name, product, logo) and a link to the reseller's custom domain", async () => {
    received.length = 0;
    const email = `branded-${uniqueSuffix()}@example.test`;
    const invited = await callerAs(tenants.actors.customerA1).users.invite({
      accountId: tenants.accounts.customerA1.id,
      email,
      displayName: "Branded Person",
    });
    const base = new URL(publicUrl());
    base.hostname = host;
    expect(invited.link.startsWith(`${base.origin}/set-password?token=`)).toBe(true);
    expect(await linkBaseForPath(tenants.accounts.customerA1.path)).toBe(base.origin);
    expect(received).toHaveLength(1);
    const mail = decoded(received[0]!);
    expect(mail).toMatch(/From: "?Acme Voice"? </);
    expect(mail).toContain("Subject: You are invited to Acme Voice");
    expect(mail).toContain("Content-Type: text/plain");
    expect(mail).toContain("Content-Type: text/html");
    expect(mail).toContain(invited.link);
    expect(mail).toContain(`${base.origin}/brand/${tenants.accounts.resellerA.id}/logo?v=`);
    expect(mail).toContain("help@acme.example");
    // hide_powered_by: nothing of the platform is left in the mail.
    expect(mail).not.toContain("Call Flow Portal");
  });

  it("a customer created with its owner gets the owner's link on the custom domain", async () => {
    received.length = 0;
    const base = new URL(publicUrl());
    base.hostname = host;
    const created = await callerAs(tenants.actors.resellerA).accounts.customers.create({
      name: `owned-${uniqueSuffix()}`,
      contactName: "",
      ownerEmail: `owner-${uniqueSuffix()}@example.test`,
    });
    expect(created.owner?.link.startsWith(`${base.origin}/set-password?token=`)).toBe(true);
    expect(received).toHaveLength(1);
    expect(decoded(received[0]!)).toContain(created.owner!.link);
  });

  it("uses the reseller's own subject and text with their placeholders, as previewed", async () => {
    const accountId = tenants.accounts.resellerA.id;
    const reseller = callerAs(tenants.actors.resellerA);
    const own = { invitationSubject: "{{name}}, join {{product}}", invitationText: "Hi {{name}}!\n\nStart here: {{link}}" };
    const preview = await reseller.branding.previewInvitation({ accountId, ...own });
    expect(preview.subject).toBe("Alex Example, join Acme Voice");
    expect(preview.text).toContain(`https://${host}`.replace("https:", new URL(publicUrl()).protocol));
    await reseller.branding.update({ accountId, fields: { productName: "Acme Voice", accentColor: "#0b5d3b", ...own } });
    received.length = 0;
    const invited = await callerAs(tenants.actors.customerA1).users.invite({
      accountId: tenants.accounts.customerA1.id,
      email: `own-text-${uniqueSuffix()}@example.test`,
      displayName: "Pat",
    });
    const mail = decoded(received[0]!);
    expect(mail).toContain("Subject: Pat, join Acme Voice");
    expect(mail).toContain(`Start here: ${invited.link}`);
  });

  it("a Host header injected into the request cannot change the link a mail carries", async () => {
    received.length = 0;
    const actor = tenants.actors.customerB1;
    const response = await leanApp.fetch(
      new Request("http://evil.example/api/trpc/users.invite", {
        method: "POST",
        headers: {
          Host: "evil.example",
          "X-Forwarded-Host": "evil.example",
          "X-Forwarded-Proto": "https",
          Cookie: await sessionCookie(actor.userId),
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/json",
        },
        body: JSON.stringify({
          json: {
            accountId: tenants.accounts.customerB1.id,
            email: `injected-${uniqueSuffix()}@example.test`,
            displayName: "Victim",
          },
        }),
      }),
    );
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { data: { json: { link: string } } } };
    // Reseller B has no custom domain: the link is NEXTAUTH_URL's, whatever the request said.
    expect(result.data.json.link.startsWith(`${publicUrl()}/set-password?token=`)).toBe(true);
    const mail = decoded(received[0]!);
    expect(mail).toContain(result.data.json.link);
    expect(mail).not.toContain("evil.example");
  });
});
