-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'suspended');

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "contactEmail" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "planId" UUID,
ADD COLUMN     "status" "AccountStatus" NOT NULL DEFAULT 'active',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "Plan" (
    "id" UUID NOT NULL,
    "ownerAccountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "flows" INTEGER,
    "modulesPerFlow" INTEGER,
    "numbers" INTEGER,
    "users" INTEGER,
    "schedules" INTEGER,
    "webhooks" INTEGER,
    "soundsMb" INTEGER,
    "customers" INTEGER,
    "modules" TEXT[],
    "allModules" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "ownerAccountId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "createdByUserId" UUID,
    "createdBySessionVersion" INTEGER,
    "createdByApiCredentialId" UUID,
    "createdByLabel" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "jobId" TEXT,
    "failure" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRow" (
    "runId" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "data" JSON NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "errors" JSON,

    CONSTRAINT "ImportRow_pkey" PRIMARY KEY ("runId","row")
);

-- CreateIndex
CREATE UNIQUE INDEX "Plan_ownerAccountId_name_key" ON "Plan"("ownerAccountId", "name");

-- CreateIndex
CREATE INDEX "ImportRun_ownerAccountId_createdAt_idx" ON "ImportRun"("ownerAccountId", "createdAt");

-- CreateIndex
CREATE INDEX "ImportRow_runId_status_idx" ON "ImportRow"("runId", "status");

-- CreateIndex
CREATE INDEX "Account_planId_idx" ON "Account"("planId");

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_ownerAccountId_fkey" FOREIGN KEY ("ownerAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRow" ADD CONSTRAINT "ImportRow_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ImportRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
