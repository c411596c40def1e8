-- CreateTable
CREATE TABLE "Call" (
    "accountId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "callId" TEXT NOT NULL,
    "callFlowId" UUID NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "endedAt" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "number" TEXT,
    "caller" TEXT,
    "steps" JSONB NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("accountId","startedAt","callId")
) PARTITION BY RANGE ("startedAt");

-- CreateTable
CREATE TABLE "CallKey" (
    "callId" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CallKey_pkey" PRIMARY KEY ("callId","accountId")
);

-- CreateTable
CREATE TABLE "CallOutcomeStat" (
    "callFlowId" UUID NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "outcome" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "CallOutcomeStat_pkey" PRIMARY KEY ("callFlowId","flowVersion","day","outcome")
);

-- CreateTable
CREATE TABLE "CallDurationStat" (
    "callFlowId" UUID NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "durationS" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "CallDurationStat_pkey" PRIMARY KEY ("callFlowId","flowVersion","day","durationS")
);

-- CreateTable
CREATE TABLE "CallModuleStat" (
    "callFlowId" UUID NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "module" TEXT NOT NULL,
    "entered" INTEGER NOT NULL,
    "endedHere" INTEGER NOT NULL,

    CONSTRAINT "CallModuleStat_pkey" PRIMARY KEY ("callFlowId","flowVersion","day","module")
);

-- CreateTable
CREATE TABLE "CallRouteStat" (
    "callFlowId" UUID NOT NULL,
    "flowVersion" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "module" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "CallRouteStat_pkey" PRIMARY KEY ("callFlowId","flowVersion","day","module","route")
);

-- CreateIndex
CREATE INDEX "CallKey_startedAt_idx" ON "CallKey"("startedAt");

-- CreateIndex
CREATE INDEX "CallOutcomeStat_accountId_day_idx" ON "CallOutcomeStat"("accountId", "day");
