-- DropTable
DROP TABLE "SignInFailure";

-- CreateTable
CREATE TABLE "AuthFailure" (
    "id" BIGSERIAL NOT NULL,
    "subject" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "actorUserId" UUID,
    "actorApiCredentialId" UUID,
    "actorLabel" TEXT NOT NULL,
    "actorAccountId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSON,
    "after" JSON,
    "ip" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "prevHash" TEXT,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallFlowRevision" (
    "id" UUID NOT NULL,
    "callFlowId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "extension" INTEGER NOT NULL,
    "flow" JSON NOT NULL,
    "showCallRouteName" BOOLEAN NOT NULL,
    "showOriginalCallerId" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByLabel" TEXT NOT NULL,
    "restoredFromVersion" INTEGER,

    CONSTRAINT "CallFlowRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiRequest" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accountId" UUID,
    "apiCredentialId" UUID,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "ApiRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuthFailure_subject_ip_createdAt_idx" ON "AuthFailure"("subject", "ip", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_accountId_id_idx" ON "AuditEvent"("accountId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_occurredAt_idx" ON "AuditEvent"("occurredAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "CallFlowRevision_accountId_idx" ON "CallFlowRevision"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlowRevision_callFlowId_version_key" ON "CallFlowRevision"("callFlowId", "version");

-- CreateIndex
CREATE INDEX "ApiRequest_accountId_at_idx" ON "ApiRequest"("accountId", "at");

-- CreateIndex
CREATE INDEX "ApiRequest_at_idx" ON "ApiRequest"("at");

-- Hand-written: history is append-only. Not even a bug in the application can alter it; only a
-- superuser who disables these triggers can, and the audit hash chain then shows where.
CREATE FUNCTION refuse_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER "CallFlowRevision_append_only" BEFORE UPDATE OR DELETE ON "CallFlowRevision"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER "CallFlowRevision_no_truncate" BEFORE TRUNCATE ON "CallFlowRevision"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
