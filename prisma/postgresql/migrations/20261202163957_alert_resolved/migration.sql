-- AlterTable
ALTER TABLE "AlertState" ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedEventId" TEXT;

-- CreateIndex
CREATE INDEX "AlertState_resolvedAt_threshold_idx" ON "AlertState"("resolvedAt", "threshold");
