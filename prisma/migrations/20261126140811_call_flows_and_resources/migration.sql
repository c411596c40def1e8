-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "flowExtensionMax" INTEGER NOT NULL DEFAULT 999,
ADD COLUMN     "flowExtensionMin" INTEGER NOT NULL DEFAULT 500;

-- CreateTable
CREATE TABLE "CallFlow" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "extension" INTEGER NOT NULL,
    "flow" JSON NOT NULL,
    "showCallRouteName" BOOLEAN NOT NULL DEFAULT false,
    "showOriginalCallerId" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallFlow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExtensionClaim" (
    "accountId" UUID NOT NULL,
    "extension" INTEGER NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" UUID NOT NULL,

    CONSTRAINT "ExtensionClaim_pkey" PRIMARY KEY ("accountId","extension")
);

-- CreateTable
CREATE TABLE "SipUser" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "extension" INTEGER NOT NULL,
    "hasMailbox" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SipUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HuntGroup" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "extension" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HuntGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sound" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Playlist" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Playlist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mailbox" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "boxNumber" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mailbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trunk" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "callFlowId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallFlow_accountId_name_idx" ON "CallFlow"("accountId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlow_accountId_extension_key" ON "CallFlow"("accountId", "extension");

-- CreateIndex
CREATE UNIQUE INDEX "ExtensionClaim_ownerId_key" ON "ExtensionClaim"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "SipUser_accountId_extension_key" ON "SipUser"("accountId", "extension");

-- CreateIndex
CREATE UNIQUE INDEX "HuntGroup_accountId_extension_key" ON "HuntGroup"("accountId", "extension");

-- CreateIndex
CREATE INDEX "Sound_accountId_idx" ON "Sound"("accountId");

-- CreateIndex
CREATE INDEX "Playlist_accountId_idx" ON "Playlist"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Mailbox_accountId_boxNumber_key" ON "Mailbox"("accountId", "boxNumber");

-- CreateIndex
CREATE INDEX "Trunk_accountId_idx" ON "Trunk"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_number_key" ON "PhoneNumber"("number");

-- CreateIndex
CREATE INDEX "PhoneNumber_accountId_idx" ON "PhoneNumber"("accountId");

-- CreateIndex
CREATE INDEX "PhoneNumber_callFlowId_idx" ON "PhoneNumber"("callFlowId");

-- AddForeignKey
ALTER TABLE "CallFlow" ADD CONSTRAINT "CallFlow_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExtensionClaim" ADD CONSTRAINT "ExtensionClaim_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SipUser" ADD CONSTRAINT "SipUser_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HuntGroup" ADD CONSTRAINT "HuntGroup_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sound" ADD CONSTRAINT "Sound_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Playlist" ADD CONSTRAINT "Playlist_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mailbox" ADD CONSTRAINT "Mailbox_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trunk" ADD CONSTRAINT "Trunk_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_callFlowId_fkey" FOREIGN KEY ("callFlowId") REFERENCES "CallFlow"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: one extension per account across call flows, SIP users and hunt groups.
-- Each of those rows claims its extension in "ExtensionClaim"; the claim's primary key
-- (accountId, extension) makes a clash fail inside the writing transaction, whichever path wrote it.
CREATE FUNCTION claim_extension() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
    DELETE FROM "ExtensionClaim" WHERE "ownerId" = OLD."id";
  END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO "ExtensionClaim" ("accountId", "extension", "ownerKind", "ownerId")
    VALUES (NEW."accountId", NEW."extension", TG_ARGV[0], NEW."id");
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$;

CREATE TRIGGER "CallFlow_claim_extension_insert" AFTER INSERT OR DELETE ON "CallFlow"
  FOR EACH ROW EXECUTE FUNCTION claim_extension('callflow');
CREATE TRIGGER "CallFlow_claim_extension_update" AFTER UPDATE OF "extension", "accountId" ON "CallFlow"
  FOR EACH ROW WHEN (OLD."extension" IS DISTINCT FROM NEW."extension" OR OLD."accountId" IS DISTINCT FROM NEW."accountId")
  EXECUTE FUNCTION claim_extension('callflow');
CREATE TRIGGER "SipUser_claim_extension_insert" AFTER INSERT OR DELETE ON "SipUser"
  FOR EACH ROW EXECUTE FUNCTION claim_extension('sipuser');
CREATE TRIGGER "SipUser_claim_extension_update" AFTER UPDATE OF "extension", "accountId" ON "SipUser"
  FOR EACH ROW WHEN (OLD."extension" IS DISTINCT FROM NEW."extension" OR OLD."accountId" IS DISTINCT FROM NEW."accountId")
  EXECUTE FUNCTION claim_extension('sipuser');
CREATE TRIGGER "HuntGroup_claim_extension_insert" AFTER INSERT OR DELETE ON "HuntGroup"
  FOR EACH ROW EXECUTE FUNCTION claim_extension('huntgroup');
CREATE TRIGGER "HuntGroup_claim_extension_update" AFTER UPDATE OF "extension", "accountId" ON "HuntGroup"
  FOR EACH ROW WHEN (OLD."extension" IS DISTINCT FROM NEW."extension" OR OLD."accountId" IS DISTINCT FROM NEW."accountId")
  EXECUTE FUNCTION claim_extension('huntgroup');

ALTER TABLE "Account" ADD CONSTRAINT "Account_flow_extension_range_check"
  CHECK ("flowExtensionMin" >= 1 AND "flowExtensionMin" <= "flowExtensionMax");
