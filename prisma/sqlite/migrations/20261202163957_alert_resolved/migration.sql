-- AlterTable
ALTER TABLE "AlertState" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "AlertState" ADD COLUMN "resolvedEventId" TEXT;

-- CreateIndex
CREATE INDEX "AlertState_resolvedAt_threshold_idx" ON "AlertState"("resolvedAt", "threshold");
