import { z } from "zod";

// Runs in the browser before the portal's own code. Zod compiles object parsers with
// `new Function` when it may, and merely testing whether it may is refused by the script policy
// (no 'unsafe-eval', see proxy.ts), reported as a violation on every page. Its interpreter
// validates exactly the same.
z.config({ jitless: true });
