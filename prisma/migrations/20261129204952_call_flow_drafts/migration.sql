-- AlterTable
ALTER TABLE "CallFlow" ADD COLUMN     "published" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "CallFlowDraft" (
    "flowId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "document" JSON NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "baseDocument" JSON NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedByLabel" TEXT NOT NULL,

    CONSTRAINT "CallFlowDraft_pkey" PRIMARY KEY ("flowId")
);

-- CreateTable
CREATE TABLE "ScheduledPublish" (
    "id" UUID NOT NULL,
    "flowId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "jobId" TEXT,
    "createdByUserId" UUID NOT NULL,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "failure" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ScheduledPublish_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallFlowDraft_accountId_idx" ON "CallFlowDraft"("accountId");

-- CreateIndex
CREATE INDEX "ScheduledPublish_flowId_status_idx" ON "ScheduledPublish"("flowId", "status");

-- AddForeignKey
ALTER TABLE "CallFlowDraft" ADD CONSTRAINT "CallFlowDraft_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "CallFlow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledPublish" ADD CONSTRAINT "ScheduledPublish_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "CallFlow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
