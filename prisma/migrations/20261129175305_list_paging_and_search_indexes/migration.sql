-- Trigram indexes let a name search for any part of a name (ILIKE '%text%') use an index.
-- pg_trgm ships with PostgreSQL (Debian: in the postgresql package); the embedded PGlite loads its contrib build.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "PhoneNumber_accountId_idx";

-- DropIndex
DROP INDEX "Playlist_accountId_idx";

-- DropIndex
DROP INDEX "Sound_accountId_idx";

-- DropIndex
DROP INDEX "Trunk_accountId_idx";

-- DropIndex
DROP INDEX "User_accountId_idx";

-- CreateIndex
CREATE INDEX "Account_kind_name_idx" ON "Account"("kind", "name");

-- CreateIndex
CREATE INDEX "Account_name_trgm_idx" ON "Account" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "ApiCredential_createdAt_id_idx" ON "ApiCredential"("createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiCredential_username_trgm_idx" ON "ApiCredential" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "PhoneNumber_accountId_number_idx" ON "PhoneNumber"("accountId", "number");

-- CreateIndex
CREATE INDEX "Playlist_accountId_name_id_idx" ON "Playlist"("accountId", "name", "id");

-- CreateIndex
CREATE INDEX "Sound_accountId_name_id_idx" ON "Sound"("accountId", "name", "id");

-- CreateIndex
CREATE INDEX "Trunk_accountId_name_id_idx" ON "Trunk"("accountId", "name", "id");

-- CreateIndex
CREATE INDEX "User_accountId_email_idx" ON "User"("accountId", "email");
