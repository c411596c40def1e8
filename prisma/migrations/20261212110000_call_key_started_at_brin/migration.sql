-- DropIndex
DROP INDEX "CallKey_startedAt_idx";

-- CreateIndex
CREATE INDEX "CallKey_startedAt_idx" ON "CallKey" USING BRIN ("startedAt");
