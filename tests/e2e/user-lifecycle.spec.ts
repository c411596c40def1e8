import { expect, test, type Browser, type Page } from "@playwright/test";
import { generate } from "otplib";
import { signIn } from "./helpers";

/** Signing in checks a scrypt hash at OWASP's cost: give it time on a busy machine. */
async function signInAndWait(page: Page, email: string, password?: string) {
  await signIn(page, email, password);
  await expect(page.getByTestId("signed-in-as")).toBeVisible(HASHING);
}

// Every password check costs OWASP's scrypt (128 MiB): these tests sign in several times.
test.describe.configure({ timeout: 360_000 });
/** How long a sign-in or password answer may take on a busy machine. */
const HASHING = { timeout: 60_000 };

const PASSWORD = "a long and private passphrase";

/** Invites a new user to acme as its owner and sets their password through the link. */
async function inviteToAcme(page: Page): Promise<string> {
  const email = `invited-${Date.now()}@acme.example`;
  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name", { exact: true }).fill("Invited Person");
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByTestId("invite-link-url")).toContainText("/set-password?token=");
  const link = await page.getByTestId("invite-link-url").textContent();
  expect(link).toMatch(/\/set-password\?token=/);
  await expect(page.getByTestId(`user-${email}`)).toContainText("Invited (no password yet)");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByLabel("New password").fill("short");
  await page.getByLabel("Repeat the password").fill("short");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("error-password")).toHaveText("Password must be at least 12 characters");
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("password-set")).toContainText(email, HASHING);
  // The link works once.
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Repeat the password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByTestId("form-error")).toContainText("This link is not valid", HASHING);
  return email;
}

test("invite a user, who sets a password through the link and signs in", async ({ page }) => {
  const email = await inviteToAcme(page);
  await signInAndWait(page, email, PASSWORD);
  await expect(page.getByTestId("signed-in-as")).toContainText("Invited Person");
});

test("sign in with TOTP after setting it up, and with a recovery code", async ({ page }) => {
  const email = await inviteToAcme(page);
  await signInAndWait(page, email, PASSWORD);
  await page.goto("/account");
  // Setting it up asks for the password again: a stolen session alone cannot.
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on" }).click();
  // The codes appear once the server has answered: wait for them before reading them.
  const recoveryCodes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(recoveryCodes).toHaveCount(10, HASHING);
  const codes = await recoveryCodes.allTextContents();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, email, PASSWORD);
  await page.getByLabel("Code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong or already used code.", HASHING);
  // The enrolment code was used: the next 30-second step's code is accepted.
  await page.getByLabel("Code").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible(HASHING);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, email, PASSWORD);
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible(HASHING);
});

async function signedInPage(browser: Browser, email: string, password?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, email, password);
  return { context, page };
}

test("a disabled user is signed out on their next request", async ({ page, browser }) => {
  const email = await inviteToAcme(page);
  const user = await signedInPage(browser, email, PASSWORD);
  await user.page.goto("/account");
  await expect(user.page.getByRole("heading", { name: "My account" })).toBeVisible();

  const owner = await signedInPage(browser, "owner@acme.example");
  await owner.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users", exact: true }).click();
  await owner.page.getByRole("button", { name: `Disable ${email}` }).click();
  await expect(owner.page.getByTestId(`user-${email}`)).toContainText("Disabled");

  await user.page.reload();
  await expect(user.page).toHaveURL(/\/sign-in$/);
  await signIn(user.page, email, PASSWORD);
  await expect(user.page.getByTestId("form-error")).toContainText("This user is disabled", HASHING);
  await user.context.close();
  await owner.context.close();
});

test("signing out everywhere ends the other sessions; changing the password keeps this one", async ({ page, browser }) => {
  const email = await inviteToAcme(page);
  const other = await signedInPage(browser, email, PASSWORD);
  await signInAndWait(page, email, PASSWORD);
  await page.goto("/account");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password").fill(`${PASSWORD} two`);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible(HASHING);
  await page.reload();
  await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
  await other.page.reload();
  await expect(other.page).toHaveURL(/\/sign-in$/);

  const oldCookie = (await page.context().cookies()).find((cookie) => cookie.name.endsWith("next-auth.session-token"))!;
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  // The cookie as it was before is no longer a session.
  await page.context().addCookies([oldCookie]);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in$/);
  await other.context.close();
});
