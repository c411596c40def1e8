import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { signInAndWait } from "./helpers";

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver on this machine (the test server allows 127.0.0.1 through WEBHOOK_ALLOWED_HOSTS). */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("a customer creates a webhook, sees its secret once, and sends a test event that the log shows delivered", async ({
  page,
}) => {
  const receiver = await startReceiver();
  try {
    await signInAndWait(page, "owner@acme.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Webhooks");

    await page.getByLabel("Receiver URL").fill(receiver.url);
    await page.getByRole("checkbox", { name: "template.applied" }).uncheck();
    await page.getByRole("button", { name: "Create webhook" }).click();
    const secret = (await page.getByTestId("new-webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole("row", { name: new RegExp(receiver.url) });
    await expect(row).toContainText("callflow.updated");
    await expect(row).not.toContainText("template.applied");

    // Shown once: gone after a reload.
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(receiver.url) })).toBeVisible();
    await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);

    await page
      .getByRole("row", { name: new RegExp(receiver.url) })
      .getByRole("button", { name: "Send test event" })
      .click();
    const log = page.getByRole("table", { name: "Delivery log" });
    const delivery = log.getByRole("row", { name: /webhook\.test/ });
    await expect(delivery).toContainText("delivered", { timeout: 20_000 });
    await expect(delivery.getByRole("cell").nth(3)).toHaveText("1");
    await expect(delivery.getByRole("cell").nth(4)).toHaveText("200");
    await expect(delivery.getByRole("cell").nth(5)).toHaveText(/^\d+ ms$/);

    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    const headers = Object.fromEntries(Object.entries(first!.headers).map(([name, value]) => [name, String(value)]));
    expect(new Webhook(secret).verify(first!.body, headers)).toMatchObject({ type: "webhook.test" });

    // Replaying sends the same message again.
    await delivery.getByRole("button", { name: "Replay" }).click();
    await expect(delivery.getByRole("cell").nth(3)).toHaveText("2", { timeout: 20_000 });
    expect(receiver.received.map((request) => request.headers["webhook-id"])).toEqual([
      first!.headers["webhook-id"],
      first!.headers["webhook-id"],
    ]);
  } finally {
    await receiver.close();
  }
});
