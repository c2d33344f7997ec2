-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "previousHash" TEXT,
ADD COLUMN     "previousHashExpiresAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_previousHash_key" ON "ApiKey"("previousHash");
