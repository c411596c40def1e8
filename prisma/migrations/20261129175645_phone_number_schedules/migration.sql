-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "closedCallFlowId" UUID,
ADD COLUMN     "scheduleId" UUID;

-- CreateTable
CREATE TABLE "Schedule" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "hours" JSON NOT NULL,
    "closures" JSON NOT NULL,
    "holidays" TEXT,
    "override" TEXT NOT NULL DEFAULT 'auto',
    "overrideUntil" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Schedule_accountId_name_idx" ON "Schedule"("accountId", "name");

-- CreateIndex
CREATE INDEX "PhoneNumber_scheduleId_idx" ON "PhoneNumber"("scheduleId");

-- CreateIndex
CREATE INDEX "PhoneNumber_closedCallFlowId_idx" ON "PhoneNumber"("closedCallFlowId");

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_closedCallFlowId_fkey" FOREIGN KEY ("closedCallFlowId") REFERENCES "CallFlow"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A closed flow only means something when a schedule says when the number is closed.
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_closedCallFlow_needs_schedule" CHECK ("closedCallFlowId" IS NULL OR "scheduleId" IS NOT NULL);

ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_override_known" CHECK ("override" IN ('auto', 'open', 'closed'));
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_overrideUntil_needs_override" CHECK ("overrideUntil" IS NULL OR "override" <> 'auto');
