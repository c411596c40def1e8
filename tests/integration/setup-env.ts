import { inject } from "vitest";

// Runs before each test file's imports are evaluated, so server/db connects to this run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET ??= "integration-test-secret";
