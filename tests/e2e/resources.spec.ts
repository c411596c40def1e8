import { expect, test, type Page } from "@playwright/test";
import { tone } from "@/tests/support/audio";
import { confirmWith, customerId, expectToast, pick, signInAndWait } from "./helpers";

// acme's demo resources (prisma/demo-data.ts): SIP user Pete on extension 201, used by the flow
// "Call Pete" (501); the number +441632960002 routes to no flow.

/** One of acme's pages from the sidebar: "Sounds", "Extensions", "Numbers". */
async function openPage(page: Page, title: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${title} of acme`);
}

function section(page: Page, title: string) {
  return page.getByRole("region", { name: title, exact: true });
}

test("a customer adds, renames and deletes a sound", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  await openPage(page, "Sounds");
  const sounds = section(page, "Sounds");
  const name = `Greeting ${Date.now()}`;
  const renamed = `${name} v2`;

  const add = sounds.getByRole("form", { name: "Upload a sound" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Audio file").setInputFiles({ name: "greeting.ogg", mimeType: "audio/ogg", buffer: await tone("ogg", 1) });
  await add.getByRole("button", { name: "Upload sound" }).click();
  await expect(sounds.getByRole("cell", { name, exact: true })).toBeVisible();
  await expect(add.getByLabel("Name")).toHaveValue("");

  await sounds.getByRole("button", { name: `Edit ${name}`, exact: true }).click();
  const edit = sounds.getByRole("form", { name: `Edit ${name}`, exact: true });
  await expect(edit.getByLabel("Name")).toBeFocused();
  await edit.getByLabel("Name").fill(renamed);
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(sounds.getByRole("cell", { name: renamed, exact: true })).toBeVisible();
  await expect(sounds.getByRole("cell", { name, exact: true })).toHaveCount(0);

  await sounds.getByRole("button", { name: `Delete ${renamed}`, exact: true }).click();
  await confirmWith(page, "Delete sound");
  await expect(sounds.getByTestId("sounds-message")).toHaveText(`Deleted the sound "${renamed}".`);
  await expect(sounds.getByRole("cell", { name: renamed, exact: true })).toHaveCount(0);
});

test("a customer sees the server's refusals where they belong", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  await openPage(page, "Extensions");
  const sipUsers = section(page, "SIP users");

  const add = sipUsers.getByRole("form", { name: "Add a SIP user" });
  await add.getByLabel("Name").fill("Second Pete");
  await add.getByLabel("Extension").fill("201");
  await add.getByRole("button", { name: "Add SIP user" }).click();
  await expect(add.getByTestId("error-extension")).toHaveText(
    "Extension 201 is already used by another SIP user on this account",
  );
  await expect(add.getByLabel("Extension")).toHaveAttribute("aria-invalid", "true");
  await expect(sipUsers.getByRole("cell", { name: "Second Pete" })).toHaveCount(0);

  await sipUsers.getByRole("button", { name: "Delete Pete", exact: true }).click();
  await confirmWith(page, "Delete SIP user");
  await expect(sipUsers.getByTestId("sipUsers-message")).toContainText('call flow "Call Pete" (501)');
  await expect(sipUsers.getByRole("cell", { name: "Pete", exact: true })).toBeVisible();
});

test("a customer routes a phone number to a call flow", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  await openPage(page, "Numbers");
  const numbers = section(page, "Phone numbers");
  const number = "+441632960002";
  const row = numbers.getByRole("listitem").filter({ hasText: number });
  await expect(row.getByTestId("routing")).toHaveText("Not routed");
  await expect(row.getByTestId("answers-now")).toHaveText("No flow");

  await numbers.getByRole("button", { name: `Route ${number}`, exact: true }).click();
  const form = numbers.getByRole("form", { name: `Route ${number}`, exact: true });
  await pick(form, "Call flow", "pete", "Call Pete (501)");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expectToast(page, `Routed ${number}.`);

  await page.reload();
  await expect(row.getByTestId("routing")).toHaveText("Always Call Pete");
  await expect(row.getByTestId("answers-now")).toHaveText("Call Pete");

  // Leave it as the demo data has it: routed nowhere.
  await numbers.getByRole("button", { name: `Route ${number}`, exact: true }).click();
  await pick(form, "Call flow", "", "— no flow —");
  await form.getByRole("button", { name: "Save routing" }).click();
  await expect(row.getByTestId("routing")).toHaveText("Not routed");
});

test("a customer cannot open another customer's pages", async ({ page }) => {
  await signInAndWait(page, "reseller@example.com");
  const acme = await customerId(page, "acme");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signInAndWait(page, "owner@globex.example");
  for (const subject of ["extensions", "sounds", "numbers", "schedules", "resources"]) {
    const response = await page.goto(`/accounts/${acme}/${subject}`);
    expect(response?.status(), subject).toBe(404);
  }
  await expect(page.getByText("This page could not be found")).toBeVisible();
  await expect(page.getByText("Pete")).toHaveCount(0);
});
