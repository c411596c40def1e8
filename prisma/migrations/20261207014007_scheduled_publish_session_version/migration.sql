-- The scheduling user's session version, checked when the publish runs
-- (server/services/call-flows/scheduled-publish.ts).
ALTER TABLE "ScheduledPublish" ADD COLUMN     "createdBySessionVersion" INTEGER;

-- Publishes scheduled before this column existed: their creator's session version now, so they
-- run unless the session ends from here on. A creator who no longer exists gets -1, which no
-- session version matches (such a publish fails at run time anyway).
UPDATE "ScheduledPublish" AS sp
SET "createdBySessionVersion" = COALESCE(
  (SELECT u."sessionVersion" FROM "User" AS u WHERE u.id = sp."createdByUserId"),
  -1
);

ALTER TABLE "ScheduledPublish" ALTER COLUMN "createdBySessionVersion" SET NOT NULL;
