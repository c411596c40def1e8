import { describe, expect, it } from "vitest";
import { db, preparedQuery } from "@/server/db";
import { arrayLiteral } from "@/server/db/array-literal";
import { preparedStatement } from "@/server/db/prepared-statements";

// arrayLiteral carries a batch of calls to PostgreSQL (server/services/calls/ingest.ts): whatever
// the texts, PostgreSQL must read back exactly the values given, in order, nulls as nulls.

const ROUND_TRIP_SQL = preparedStatement(
  `SELECT value, value IS NULL AS "isNull" FROM unnest($1::text[]) WITH ORDINALITY AS x(value, n) ORDER BY n`,
);

const AWKWARD = [
  "plain",
  "",
  "NULL",
  "null",
  'a "quoted" word',
  "back\\slash and \\N and \\t",
  "trailing backslash\\",
  "{braces},commas, and spaces ",
  "  leading spaces",
  "tab\there and newline\nthere",
  "'single quotes'",
  "Ελληνικά, 中文, עברית, emoji 📞",
  null,
];

describe("arrayLiteral", () => {
  it("is read back by PostgreSQL exactly as given, through pg and through Prisma", async () => {
    const literal = arrayLiteral(AWKWARD);
    const direct = await preparedQuery<{ value: string | null; isNull: boolean }>(ROUND_TRIP_SQL, [literal]);
    const viaPrisma = await db.$queryRawUnsafe<{ value: string | null; isNull: boolean }[]>(ROUND_TRIP_SQL, literal);
    for (const rows of [direct, viaPrisma]) {
      expect(rows.map((row) => row.value)).toEqual(AWKWARD);
      expect(rows.map((row) => row.isNull)).toEqual(AWKWARD.map((value) => value === null));
    }
  });

  it("carries numbers, uuids and instants to their own array types", async () => {
    const [row] = await db.$queryRawUnsafe<{ versions: number[]; ids: string[]; instants: Date[] }[]>(
      `SELECT $1::int[] AS versions, $2::uuid[] AS ids, $3::timestamptz[] AS instants`,
      arrayLiteral([1, 20, 300]),
      arrayLiteral(["31347d42-00bd-44a5-9b5c-20dc4197a2f6"]),
      arrayLiteral(["2026-12-01T09:00:00.000Z", "2027-01-01T00:00:00.123Z"]),
    );
    expect(row).toEqual({
      versions: [1, 20, 300],
      ids: ["31347d42-00bd-44a5-9b5c-20dc4197a2f6"],
      instants: [new Date("2026-12-01T09:00:00.000Z"), new Date("2027-01-01T00:00:00.123Z")],
    });
  });

  it("writes an empty list as an empty array", async () => {
    expect(arrayLiteral([])).toBe("{}");
    const rows = await preparedQuery<unknown>(ROUND_TRIP_SQL, [arrayLiteral([])]);
    expect(rows).toEqual([]);
  });
});
