import { describe, expect, it } from "vitest";
import { timestampFromJson } from "@/server/db/json-timestamp";

// Timestamps as PostgreSQL writes them in JSON (SELECT json_build_object(...)), read back as the
// Dates Prisma gives for the same columns.

describe("timestampFromJson", () => {
  it.each([
    ["a timestamp (UTC, no zone)", "2026-12-07T05:47:15.056", "2026-12-07T05:47:15.056Z"],
    ["a timestamp on a whole second", "2026-12-07T05:47:15", "2026-12-07T05:47:15.000Z"],
    ["a timestamp with two digits of milliseconds", "2026-12-07T05:47:15.12", "2026-12-07T05:47:15.120Z"],
    ["a timestamptz in UTC", "2026-12-07T05:47:15.056+00:00", "2026-12-07T05:47:15.056Z"],
    ["a timestamptz in another zone", "2026-12-07T11:17:15.056+05:30", "2026-12-07T05:47:15.056Z"],
    ["a timestamptz west of UTC", "2026-12-07T00:47:15.056-05:00", "2026-12-07T05:47:15.056Z"],
  ])("reads %s", (_label, text, iso) => {
    expect(timestampFromJson(text).toISOString()).toBe(iso);
  });

  it("reads null as null", () => {
    expect(timestampFromJson(null)).toBeNull();
  });
});
