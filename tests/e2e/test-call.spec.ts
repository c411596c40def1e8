import { expect, test } from "@playwright/test";
import { signInAndWait } from "./helpers";

test("a customer places a test call through the reference flow and lists every ending", async ({ page }) => {
  await signInAndWait(page, "owner@acme.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows", exact: true }).click();
  await page.getByRole("link", { name: "Call Pete", exact: true }).click();
  await expect(page.getByTestId("flow-graph")).toBeVisible();
  await page.getByRole("tab", { name: "Test call" }).click();

  await page.getByRole("button", { name: "Press 2" }).click();
  await page.getByRole("button", { name: "No answer" }).click();
  await expect(page.getByTestId("call-ending")).toHaveText(
    "Nobody answered and the module has no no-answer route: the call hangs up. Total time: 30 s.",
  );
  // The path is lit on the graph: start, the menu and the ring module.
  await expect(page.locator(".flow-node-highlighted")).toHaveCount(3);

  await page.getByRole("button", { name: "Start over" }).click();
  await page.getByRole("button", { name: "Press nothing (timeout)" }).click();
  await page.getByRole("button", { name: "Answered" }).click();
  await expect(page.getByTestId("call-ending")).toHaveText("Answered by Pete (ext 201). Total time: 10 s.");

  await page.getByRole("button", { name: "List all endings" }).click();
  const endings = page.getByTestId("endings").getByRole("listitem");
  await expect(endings).toHaveCount(2);
  await expect(endings.filter({ hasText: "Answered by Pete (ext 201)." })).toHaveCount(1);
});
