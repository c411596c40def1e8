-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "country" TEXT NOT NULL DEFAULT 'GB';

-- Prisma's schema language has no CHECK: an ISO 3166 alpha-2 code, as the services write it.
ALTER TABLE "Account" ADD CONSTRAINT "Account_country_alpha2" CHECK ("country" ~ '^[A-Z]{2}$');
