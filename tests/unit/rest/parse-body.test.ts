import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { parseBody } from "@/server/rest/body";

const ZBody = z
  .strictObject({ name: z.string("name must be text"), tags: z.record(z.string(), z.int("must be a whole number")).optional() })
  .transform(({ name, tags }) => ({ name: name.trim(), tagCount: Object.keys(tags ?? {}).length }));

function refusal(body: unknown): AppError {
  try {
    parseBody(ZBody, body, "example");
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error("expected a refusal");
}

describe("parseBody", () => {
  it("answers the schema's output", () => {
    expect(parseBody(ZBody, { name: " A ", tags: { x: 1 } }, "example")).toEqual({ name: "A", tagCount: 1 });
  });

  it("refuses with every problem at its field path, a field that should not be there under its own name", () => {
    const error = refusal({ name: 7, tags: { x: 1.5 }, colour: "red", size: 2 });
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("The example has 4 errors");
    expect(error.issues).toEqual([
      { path: "name", message: "name must be text" },
      { path: "tags.x", message: "must be a whole number" },
      { path: "colour", message: '"colour" is not a field of the example' },
      { path: "size", message: '"size" is not a field of the example' },
    ]);
  });

  it("names the whole body with an empty path when it is not an object", () => {
    expect(refusal([]).issues).toEqual([{ path: "", message: expect.any(String) }]);
  });
});
