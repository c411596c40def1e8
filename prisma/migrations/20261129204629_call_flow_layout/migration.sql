-- CreateTable
CREATE TABLE "CallFlowLayout" (
    "callFlowId" UUID NOT NULL,
    "positions" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallFlowLayout_pkey" PRIMARY KEY ("callFlowId")
);

-- AddForeignKey
ALTER TABLE "CallFlowLayout" ADD CONSTRAINT "CallFlowLayout_callFlowId_fkey" FOREIGN KEY ("callFlowId") REFERENCES "CallFlow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
