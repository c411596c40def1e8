import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, signInAndWait } from "./helpers";

const ROLES = [
  { email: "admin@example.com", role: "admin", home: "/admin/resellers", sees: ["Resellers"], hidden: ["Customers"] },
  { email: "reseller@example.com", role: "reseller", home: "/customers", sees: ["Customers"], hidden: ["Resellers"] },
  {
    email: "owner@acme.example",
    role: "customer",
    home: "/accounts/[0-9a-f-]+",
    sees: ["Home", "Call flows", "Numbers", "Schedules", "Sounds", "Extensions", "My account"],
    hidden: ["Customers", "Resellers"],
  },
] as const;

for (const user of ROLES) {
  test(`${user.role} signs in and sees the ${user.role} navigation`, async ({ page }) => {
    await signInAndWait(page, user.email);
    await expect(page).toHaveURL(new RegExp(`${user.home}$`));
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of user.sees) await expect(nav.getByRole("link", { name: label })).toBeVisible();
    for (const label of user.hidden) await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
    await expect(page.getByTestId("signed-in-as")).toContainText(user.role);
  });
}

test("a wrong password shows an error and keeps the user signed out", async ({ page }) => {
  await signIn(page, "owner@globex.example", "not-the-password");
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("sign-out ends the session", async ({ page }) => {
  await signInAndWait(page, "owner@globex.example");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the session cookie is httpOnly and SameSite=Lax, and pages carry security headers", async ({ page, context }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBeTruthy();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  await signInAndWait(page, "owner@globex.example");
  const session = (await context.cookies()).find((cookie) => cookie.name.endsWith("next-auth.session-token"));
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
});

test("repeated failures lock the email out, even with the right password, with a clear message", async ({ page }) => {
  // Eleven password checks at OWASP's scrypt cost (128 MiB each).
  test.slow();
  // A fresh user, so the lockout does not spill into other tests.
  await signInAndWait(page, "reseller@other.example");
  await page.goto("/customers");
  await page.getByRole("link", { name: "initech", exact: true }).click();
  const email = `lockout-${Date.now()}@initech.example`;
  // The add form's field, not the users list's search box.
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Locked Out");
  await page.getByLabel("Initial password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  for (let attempt = 1; attempt <= 10; attempt++) {
    await signIn(page, email, `wrong-${attempt}`);
    await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  }
  await signIn(page, email, DEMO_PASSWORD);
  await expect(page.getByTestId("form-error")).toContainText("Too many failed sign-in attempts. Try again in 15 minutes.");
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in$/);
});
