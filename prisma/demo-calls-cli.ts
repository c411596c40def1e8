import { parseArgs } from "node:util";
import { createPrismaClient } from "@/server/db";
import { databaseTarget, describeTarget } from "@/server/db/target";
import { addDemoCalls, demoFlowsOf } from "./demo-calls";

// `npm run demo:calls -- --account NAME --days N --per-day N`: more simulated calls through every
// flow of one account (prisma/demo-calls.ts), e.g. to try the analytics at volume. On the embedded
// database, stop the portal first: its data folder opens in one process at a time.

const usage = "Usage: npm run demo:calls -- --account NAME [--days 30] [--per-day 40]";
const { values } = parseArgs({
  options: { account: { type: "string" }, days: { type: "string", default: "30" }, "per-day": { type: "string", default: "40" } },
});
const days = Number(values.days);
const perDay = Number(values["per-day"]);
if (
  !values.account ||
  !Number.isInteger(days) ||
  days < 1 ||
  days > 3650 ||
  !Number.isInteger(perDay) ||
  perDay < 1 ||
  perDay > 100_000
) {
  console.error(usage);
  process.exit(2);
}

const target = databaseTarget();
const { client, close } = createPrismaClient(target);
try {
  const account = await client.account.findUnique({ where: { name: values.account }, select: { id: true, kind: true } });
  if (!account) throw new Error(`No account is named "${values.account}".`);
  const flows = await demoFlowsOf(client, [account.id]);
  if (flows.length === 0) throw new Error(`"${values.account}" has no published call flow to run calls through.`);
  const started = performance.now();
  const stored = await addDemoCalls(client, flows, { days, perDay, prefix: `demo-${Date.now().toString(36)}`, seed: Date.now() });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Added ${stored} calls through ${flows.length} flow(s) of ${values.account} in ${seconds.toFixed(1)} s (${describeTarget(target)}).`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await close();
}
