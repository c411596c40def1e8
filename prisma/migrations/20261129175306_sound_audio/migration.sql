-- AlterTable
ALTER TABLE "Sound" ADD COLUMN     "audioKey" UUID,
ADD COLUMN     "byteSize" INTEGER,
ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "format" TEXT,
ADD COLUMN     "ttsText" TEXT,
ADD COLUMN     "ttsVoice" TEXT;

-- CreateTable
CREATE TABLE "AudioChunk" (
    "key" UUID NOT NULL,
    "offset" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "AudioChunk_pkey" PRIMARY KEY ("key","offset")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sound_audioKey_key" ON "Sound"("audioKey");

-- A sound has all of its audio columns or none of them (a sound that is only a name).
ALTER TABLE "Sound" ADD CONSTRAINT "Sound_audio_all_or_none" CHECK (
  ("audioKey" IS NULL) = ("format" IS NULL)
  AND ("audioKey" IS NULL) = ("durationMs" IS NULL)
  AND ("audioKey" IS NULL) = ("byteSize" IS NULL)
);

-- Audio is already compressed (or PCM that compresses poorly): keep chunks out of line uncompressed.
ALTER TABLE "AudioChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
