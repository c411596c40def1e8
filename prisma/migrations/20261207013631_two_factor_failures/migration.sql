-- Wrong TOTP codes in a row (server/auth/two-factor.ts): counted before each check, codes refused at 10.
ALTER TABLE "User" ADD COLUMN     "totpFailures" INTEGER NOT NULL DEFAULT 0;

-- TOTP secrets stored in clear and recovery codes stored as a bare sha256 are upgraded in code,
-- not here: both need a key derived from NEXTAUTH_SECRET, which the database never sees. A
-- user's are upgraded at their next sign-in, everyone's by the hourly retention job
-- (upgradeStoredTwoFactorSecrets); until then the old forms keep working.
