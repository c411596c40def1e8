-- CreateTable
CREATE TABLE "FlowTemplate" (
    "id" UUID NOT NULL,
    "ownerAccountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "flow" JSON NOT NULL,
    "placeholders" JSON NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowTemplateRevision" (
    "id" UUID NOT NULL,
    "templateId" UUID NOT NULL,
    "ownerAccountId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "flow" JSON NOT NULL,
    "placeholders" JSON NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT NOT NULL,

    CONSTRAINT "FlowTemplateRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlowTemplate_ownerAccountId_name_id_idx" ON "FlowTemplate"("ownerAccountId", "name", "id");

-- CreateIndex
CREATE INDEX "FlowTemplateRevision_ownerAccountId_idx" ON "FlowTemplateRevision"("ownerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTemplateRevision_templateId_version_key" ON "FlowTemplateRevision"("templateId", "version");

-- AddForeignKey
ALTER TABLE "FlowTemplate" ADD CONSTRAINT "FlowTemplate_ownerAccountId_fkey" FOREIGN KEY ("ownerAccountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: a template's versions are history, append-only like call flows' revisions.
CREATE TRIGGER "FlowTemplateRevision_append_only" BEFORE UPDATE OR DELETE ON "FlowTemplateRevision"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER "FlowTemplateRevision_no_truncate" BEFORE TRUNCATE ON "FlowTemplateRevision"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
