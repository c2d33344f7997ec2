-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "defaultRateLimitRpm" INTEGER;
ALTER TABLE "Workspace" ADD COLUMN "defaultRateLimitTpm" INTEGER;

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "allowedModels" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitRpm" INTEGER;
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitTpm" INTEGER;

-- CreateTable
CREATE TABLE "RateCounter" (
    "subject" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("subject", "kind", "windowStart")
);

-- CreateIndex
CREATE INDEX "RateCounter_windowStart_idx" ON "RateCounter"("windowStart");
