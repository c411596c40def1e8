import { expect, test } from "@playwright/test";
import { referenceExample } from "@/server/domain/call-flow/reference-example";
import { signInAndWait } from "./helpers";

/** The provider's reference flow, seeded for acme (see prisma/demo-data.ts). */
const CALL_PETE = {
  created_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  extension: 501,
  flow: referenceExample().flow,
  name: "Call Pete",
  show_call_route_name: true,
  show_original_caller_id: true,
  updated_on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  uuid: "31347d42-00bd-44a5-9b5c-20dc4197a2f6",
};

test("a reseller creates an API user, uses it to act for a customer, then revokes it", async ({ page, request }) => {
  await signInAndWait(page, "reseller@example.com");
  await page.getByRole("link", { name: "API users" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API users");

  const username = `e2e-${Date.now()}`;
  await page.getByLabel("API user name").fill(username);
  await page.getByRole("button", { name: "Create API user" }).click();
  const password = (await page.getByTestId("new-api-password").textContent()) ?? "";
  expect(password.length).toBeGreaterThanOrEqual(32);
  await expect(page.getByRole("cell", { name: username, exact: true })).toBeVisible();

  const headers = {
    "X-Auth-Reseller": "demo-reseller",
    "X-Auth-User": username,
    "X-Auth-Password": password,
    "X-Auth-For": "acme",
  };
  const flows = await request.get("/voip/flow", { headers });
  expect(flows.status()).toBe(200);
  const body = (await flows.json()) as { result: unknown[]; status_code: number; status_message: string };
  expect(body).toMatchObject({ status_code: 200, status_message: "OK" });
  expect(body.result).toContainEqual(CALL_PETE);

  // The password was shown once: it is gone after a reload.
  await page.reload();
  await expect(page.getByRole("cell", { name: username, exact: true })).toBeVisible();
  await expect(page.getByTestId("new-api-password")).toHaveCount(0);
  await expect(page.getByText(password)).toHaveCount(0);

  await page.getByRole("button", { name: `Revoke ${username} of demo-reseller` }).click();
  await page.getByRole("button", { name: `Yes, revoke ${username}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(username) })).toContainText("Revoked");

  const revoked = await request.get("/voip/flow", { headers });
  expect(revoked.status()).toBe(401);
  expect(await revoked.json()).toEqual({ result: {}, status_code: 401, status_message: "Unauthorized" });

  // The browser's own session never authorizes the API.
  const withSessionOnly = await page.request.get("/voip/flow");
  expect(withSessionOnly.status()).toBe(401);
});
