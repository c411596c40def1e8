-- CreateTable
CREATE TABLE "AuthFailureCount" (
    "subject" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "AuthFailureCount_pkey" PRIMARY KEY ("subject","ip")
);

-- CreateTable
CREATE TABLE "AuthKnownAddress" (
    "subject" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "lastSuccessAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuthKnownAddress_pkey" PRIMARY KEY ("subject","ip")
);

-- CreateTable
CREATE TABLE "ApiUsageDaily" (
    "day" DATE NOT NULL,
    "accountId" UUID NOT NULL,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "totalDurationMs" BIGINT NOT NULL,

    CONSTRAINT "ApiUsageDaily_pkey" PRIMARY KEY ("day","accountId","method","route","status")
);

-- CreateIndex
CREATE INDEX "ApiUsageDaily_accountId_day_idx" ON "ApiUsageDaily"("accountId", "day");

-- Keep the usage already metered: one row per request becomes one count per day and key.
INSERT INTO "ApiUsageDaily" ("day", "accountId", "method", "route", "status", "requests", "totalDurationMs")
SELECT "at"::date, COALESCE("accountId", '00000000-0000-0000-0000-000000000000'::uuid), "method", "route", "status",
       count(*)::int, sum("durationMs")::bigint
  FROM "ApiRequest"
 GROUP BY 1, 2, 3, 4, 5;

-- DropTable
DROP TABLE "ApiRequest";

-- DropTable (failures live for 15 minutes; the new counters start empty)
DROP TABLE "AuthFailure";
