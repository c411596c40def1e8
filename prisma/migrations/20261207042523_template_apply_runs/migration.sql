-- CreateTable
CREATE TABLE "TemplateApplyRun" (
    "id" UUID NOT NULL,
    "ownerAccountId" UUID NOT NULL,
    "templateId" UUID,
    "templateVersion" INTEGER,
    "sourceFlowId" UUID,
    "sourceName" TEXT NOT NULL,
    "flow" JSON NOT NULL,
    "placeholders" JSON NOT NULL,
    "origin" JSON NOT NULL,
    "flowName" TEXT NOT NULL,
    "publish" BOOLEAN NOT NULL,
    "createdByUserId" UUID,
    "createdBySessionVersion" INTEGER,
    "createdByApiCredentialId" UUID,
    "createdByLabel" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "jobId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TemplateApplyRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemplateApplyTarget" (
    "runId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "customerId" UUID,
    "customer" TEXT NOT NULL,
    "bindings" JSON NOT NULL,
    "extension" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "flowId" UUID,
    "flowExtension" INTEGER,
    "errors" JSON,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "TemplateApplyTarget_pkey" PRIMARY KEY ("runId","position")
);

-- CreateIndex
CREATE INDEX "TemplateApplyRun_ownerAccountId_templateId_createdAt_idx" ON "TemplateApplyRun"("ownerAccountId", "templateId", "createdAt");

-- CreateIndex
CREATE INDEX "TemplateApplyRun_ownerAccountId_sourceFlowId_createdAt_idx" ON "TemplateApplyRun"("ownerAccountId", "sourceFlowId", "createdAt");

-- AddForeignKey
ALTER TABLE "TemplateApplyTarget" ADD CONSTRAINT "TemplateApplyTarget_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TemplateApplyRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
