-- CreateTable
CREATE TABLE "CallRollupPending" (
    "id" BIGSERIAL NOT NULL,
    "counted" JSON NOT NULL,

    CONSTRAINT "CallRollupPending_pkey" PRIMARY KEY ("id")
);
