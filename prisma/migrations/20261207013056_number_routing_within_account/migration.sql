-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_callFlowId_fkey";

-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_closedCallFlowId_fkey";

-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_scheduleId_fkey";

-- A number's route belongs to the account holding it. Before this migration a move or a release
-- cleared the number's flow but kept its schedule and closed flow, so the next holder's calls
-- followed the previous holder's routing. Clear every part of a route that belongs to another
-- account (a schedule goes with its closed flow, which means nothing without it); the parts that
-- are the holder's own stay.
UPDATE "PhoneNumber" AS n SET "scheduleId" = NULL, "closedCallFlowId" = NULL
WHERE EXISTS (SELECT 1 FROM "Schedule" s WHERE s.id = n."scheduleId" AND s."accountId" <> n."accountId");

UPDATE "PhoneNumber" AS n SET "closedCallFlowId" = NULL
WHERE EXISTS (SELECT 1 FROM "CallFlow" f WHERE f.id = n."closedCallFlowId" AND f."accountId" <> n."accountId");

UPDATE "PhoneNumber" AS n SET "callFlowId" = NULL
WHERE EXISTS (SELECT 1 FROM "CallFlow" f WHERE f.id = n."callFlowId" AND f."accountId" <> n."accountId");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlow_accountId_id_key" ON "CallFlow"("accountId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_accountId_id_key" ON "Schedule"("accountId", "id");

-- ─── TENANT ISOLATION ─── each key of a number's route carries the number's account, so the
-- database refuses a route to another account's flow or schedule, and a change of account that
-- keeps the route. (MATCH SIMPLE: a part of the route left NULL is not checked.)
-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_accountId_callFlowId_fkey" FOREIGN KEY ("accountId", "callFlowId") REFERENCES "CallFlow"("accountId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_accountId_scheduleId_fkey" FOREIGN KEY ("accountId", "scheduleId") REFERENCES "Schedule"("accountId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_accountId_closedCallFlowId_fkey" FOREIGN KEY ("accountId", "closedCallFlowId") REFERENCES "CallFlow"("accountId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;
