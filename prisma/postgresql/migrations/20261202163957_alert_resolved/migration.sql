-- AlterTable
ALTER TABLE "AlertState" ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedEventId" TEXT;

-- CreateIndex
CREATE INDEX "AlertState_resolvedAt_threshold_idx" ON "AlertState"("resolvedAt", "threshold");

-- CreateIndex
CREATE INDEX "UsageDaily_day_workspaceId_idx" ON "UsageDaily"("day", "workspaceId");

-- Alerts that fired before the lifecycle existed are closed silently (no `…resolved` event: receivers never
-- had one to expect; resolvedEventId NULL marks them), so an upgrade does not flood endpoints with events.
UPDATE "AlertState" SET "resolvedAt" = "createdAt" WHERE "resolvedAt" IS NULL;
