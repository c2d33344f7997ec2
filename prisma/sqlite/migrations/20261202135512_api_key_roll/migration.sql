-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "previousHash" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "previousHashExpiresAt" DATETIME;

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_previousHash_key" ON "ApiKey"("previousHash");
