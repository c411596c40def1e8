import { describe, expect, it } from "vitest";
import { placeServerIssues } from "@/components/forms/server-field-errors";

const failure = (issues: { path: string; message: string }[], message = "The request was refused") => ({ message, issues });

describe("placeServerIssues", () => {
  it.each([
    {
      case: "every issue on a field of the form: nothing for the whole form",
      issues: [
        { path: "name", message: "Taken" },
        { path: "user.email", message: "Not an email" },
      ],
      placed: [
        { field: "name", message: "Taken" },
        { field: "user.email", message: "Not an email" },
      ],
      formError: null,
    },
    {
      case: "an issue on no field of the form is said for the whole form, the others stay at their fields",
      issues: [
        { path: "name", message: "Taken" },
        { path: "accountId", message: "Not found" },
        { path: "other", message: "Second" },
      ],
      placed: [{ field: "name", message: "Taken" }],
      formError: "Not found",
    },
    {
      case: "a failure without issues is said by its message",
      issues: [],
      placed: [],
      formError: "The request was refused",
    },
    {
      case: "a path only starting with a field's name is not that field",
      issues: [{ path: "name.first", message: "Too long" }],
      placed: [],
      formError: "Too long",
    },
  ])("$case", ({ issues, placed, formError }) => {
    expect(placeServerIssues(failure(issues), ["name", "contactName", "user.email"] as const)).toEqual({ placed, formError });
  });

  it("maps paths through a function, for fields built from the server's paths", () => {
    const fieldOf = (path: string) => (path.startsWith("document.") ? path.slice("document.".length) : null);
    expect(
      placeServerIssues(
        failure([
          { path: "document.hours.mon.1", message: "Overlaps interval 1" },
          { path: "version", message: "Stale" },
        ]),
        fieldOf,
      ),
    ).toEqual({ placed: [{ field: "hours.mon.1", message: "Overlaps interval 1" }], formError: "Stale" });
  });
});
