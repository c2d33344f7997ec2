-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "defaultRateLimitRpm" INTEGER,
ADD COLUMN     "defaultRateLimitTpm" INTEGER;

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedModels" TEXT,
ADD COLUMN     "rateLimitRpm" INTEGER,
ADD COLUMN     "rateLimitTpm" INTEGER;

-- CreateTable
CREATE TABLE "RateCounter" (
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "RateCounter_pkey" PRIMARY KEY ("subject","kind","windowStart")
);

-- CreateIndex
CREATE INDEX "RateCounter_windowStart_idx" ON "RateCounter"("windowStart");
