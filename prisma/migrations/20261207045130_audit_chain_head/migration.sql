-- The last event of each account's audit chain (server/services/audit/record.ts): a writer reads
-- the hash its event links to in the statement that takes the chain's lock, so the lock and the
-- read are one round trip.
CREATE TABLE "AuditChainHead" (
    "accountId" UUID NOT NULL,
    "hash" TEXT,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("accountId")
);

-- Every event moves its account's head on, whoever writes it: a server of the previous release,
-- still running during an upgrade, keeps the heads right too.
CREATE FUNCTION advance_audit_chain_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "AuditChainHead" ("accountId", "hash") VALUES (NEW."accountId", NEW."hash")
  ON CONFLICT ("accountId") DO UPDATE SET "hash" = EXCLUDED."hash";
  RETURN NULL;
END
$$;

CREATE TRIGGER "AuditEvent_advance_chain_head" AFTER INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION advance_audit_chain_head();

-- The heads of the chains written so far. An event written meanwhile has set its head already
-- (the trigger above), and that head is the newer one.
INSERT INTO "AuditChainHead" ("accountId", "hash")
SELECT DISTINCT ON ("accountId") "accountId", "hash" FROM "AuditEvent" ORDER BY "accountId", "id" DESC
ON CONFLICT ("accountId") DO NOTHING;
