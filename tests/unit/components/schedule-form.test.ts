import { zodResolver } from "@hookform/resolvers/zod";
import { type FieldError, get } from "react-hook-form";
import { describe, expect, it } from "vitest";
import {
  documentOf,
  EMPTY_WEEK,
  type ScheduleFormValues,
  scheduleFieldOf,
  ZScheduleForm,
} from "@/components/schedules/schedule-editor";

const values = (change: Partial<ScheduleFormValues> = {}): ScheduleFormValues => ({
  name: "Office",
  timezone: "Europe/London",
  hours: EMPTY_WEEK,
  closures: [],
  holidays: null,
  override: "auto",
  overrideUntil: "",
  ...change,
});

async function resolve(form: ScheduleFormValues) {
  return zodResolver(ZScheduleForm)(form, undefined, { fields: {}, shouldUseNativeValidation: false });
}

describe("the schedule form", () => {
  it("submits the document the server takes", async () => {
    const result = await resolve(values({ override: "closed", overrideUntil: "2030-12-24T17:00" }));
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ name: "Office", override: "closed", overrideUntil: expect.stringMatching(/Z$/) });
  });

  it("drops the override's end while the override is automatic", () => {
    expect(documentOf(values({ overrideUntil: "2030-12-24T17:00" })).overrideUntil).toBeNull();
  });

  it.each([
    { case: "an empty name", form: values({ name: "" }), path: "name" },
    { case: "an unknown time zone", form: values({ timezone: "Mars/Olympus" }), path: "timezone" },
    {
      case: "an interval overlapping another",
      form: values({
        hours: {
          ...EMPTY_WEEK,
          sun: [
            ["09:00", "17:00"],
            ["09:00", "17:00"],
          ],
        },
      }),
      path: "hours.sun.1",
    },
    {
      case: "a closure without its date",
      form: values({ closures: [{ date: "", name: "Party", yearly: false }] }),
      path: "closures.0.date",
    },
  ])("puts $case at the field the form labels", async ({ form, path }) => {
    const { errors } = await resolve(form);
    expect((get(errors, path) as FieldError | undefined)?.message).toEqual(expect.any(String));
  });

  it("places the server's document issues on the form's fields and leaves the rest to the whole form", () => {
    expect(scheduleFieldOf("document.hours.mon.1")).toBe("hours.mon.1");
    expect(scheduleFieldOf("document.overrideUntil")).toBe("overrideUntil");
    expect(scheduleFieldOf("version")).toBeNull();
  });
});
