import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/server/errors";
import { CALL_FLOW_BODY } from "@/server/rest/call-flow-commands";
import { parseBody, restBody, withApiFieldNames } from "@/server/rest/input";
import { NUMBER_ROUTING_BODY } from "@/server/rest/number-commands";
import { SCHEDULE_BODY } from "@/server/rest/schedule-commands";
import { WEBHOOK_BODY } from "@/server/rest/webhook-commands";

// The REST API's one input layer: each body parsed by its tRPC schema, in the provider's names.

const UUID = "3f1c2d4e-5f60-4d3e-9a51-0b0e2a6e5f0c";
const HOURS = { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

function refusal(work: () => unknown): { message: string; issues: { path: string; message: string }[] } {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") return { message: error.message, issues: error.issues };
    throw error;
  }
  throw new Error("the body was accepted");
}

const EXAMPLE_BODY = restBody({
  what: "example",
  name: "Example",
  schema: z
    .strictObject({ name: z.string("name must be text"), tags: z.record(z.string(), z.int("must be a whole number")).optional() })
    .transform(({ name, tags }) => ({ name: name.trim(), tagCount: Object.keys(tags ?? {}).length })),
});

describe("parseBody", () => {
  it("answers the schema's output, or every problem at its field, a field that should not be there under its own name", () => {
    expect(parseBody(EXAMPLE_BODY, { name: " A ", tags: { x: 1 } })).toEqual({ name: "A", tagCount: 1 });
    const { message, issues } = refusal(() => parseBody(EXAMPLE_BODY, { name: 7, tags: { x: 1.5 }, colour: "red", size: 2 }));
    expect(message).toBe("The example has 4 errors");
    expect(issues).toEqual([
      { path: "name", message: "name must be text" },
      { path: "tags.x", message: "must be a whole number" },
      { path: "colour", message: '"colour" is not a field of an example' },
      { path: "size", message: '"size" is not a field of an example' },
    ]);
  });

  it("drops what GET adds, keeps the document's own fields in their order, and a __proto__ key as a field", () => {
    const sent = JSON.parse(
      `{"uuid":"${UUID}","name":"Flow","created_on":"2020-01-01","flow":{"__proto__":{"module":"busy"}},"extension":500,"updated_on":"x"}`,
    );
    const document = parseBody(CALL_FLOW_BODY, sent, UUID);
    expect(Object.keys(document)).toEqual(["name", "flow", "extension"]);
    expect(Object.keys(document.flow)).toEqual(["__proto__"]);
  });

  it("refuses a uuid naming another object than the URL's, with the body's other problems", () => {
    const { issues } = refusal(() =>
      parseBody(WEBHOOK_BODY, { uuid: crypto.randomUUID(), url: "https://example.com/hooks", events: [] }, UUID),
    );
    expect(issues).toEqual([
      { path: "uuid", message: `"uuid" must be this webhook subscription's uuid, as in the URL, or be left out` },
      { path: "events", message: "events must name at least one event type" },
    ]);
    expect(
      parseBody(WEBHOOK_BODY, { uuid: UUID.toUpperCase(), url: "https://a.example", events: ["number.routed"] }, UUID),
    ).toEqual({ url: "https://a.example", events: ["number.routed"], enabled: true, subtree: false });
  });

  it("takes the provider's names, names problems by them, and refuses the services' own spelling", () => {
    expect(
      parseBody(SCHEDULE_BODY, { name: "Hours", timezone: "Europe/London", hours: HOURS, override_until: null }),
    ).toMatchObject({
      overrideUntil: null,
    });
    const { issues } = refusal(() =>
      parseBody(SCHEDULE_BODY, {
        name: "Hours",
        timezone: "Europe/London",
        hours: HOURS,
        override: "auto",
        override_until: "2099-01-01T00:00:00Z",
        overrideUntil: null,
        colour: "blue",
      }),
    );
    expect(issues).toEqual([
      { path: "overrideUntil", message: '"overrideUntil" is not a field of a schedule' },
      { path: "colour", message: '"colour" is not a field of a schedule' },
      { path: "override_until", message: 'Only an "open" or "closed" override can have an end' },
    ]);
  });

  it("fills a routing field left out with null, and says which field must be a uuid", () => {
    expect(parseBody(NUMBER_ROUTING_BODY, { call_flow: UUID, number: "+441234567890" }, UUID)).toEqual({
      callFlowId: UUID,
      scheduleId: null,
      closedCallFlowId: null,
    });
    expect(refusal(() => parseBody(NUMBER_ROUTING_BODY, { call_flow: 7 })).issues).toEqual([
      { path: "call_flow", message: "The call flow must be a uuid or null" },
    ]);
  });

  it.each([[[]], ["text"], [null], [42]])("refuses %j: the body must be a JSON object", (sent) => {
    expect(refusal(() => parseBody(CALL_FLOW_BODY, sent)).issues).toEqual([
      { path: "", message: "The call flow must be a JSON object" },
    ]);
  });
});

describe("withApiFieldNames", () => {
  it("renames the fields a service's error names, and leaves other errors alone", () => {
    const refused = new AppError("BAD_REQUEST", "bad", [
      { path: "closedCallFlowId", message: "A closed flow needs a schedule" },
      { path: "", message: "whole" },
    ]);
    expect((withApiFieldNames(NUMBER_ROUTING_BODY, refused) as AppError).issues.map((issue) => issue.path)).toEqual([
      "closed_call_flow",
      "",
    ]);
    const fault = new Error("boom");
    expect(withApiFieldNames(NUMBER_ROUTING_BODY, fault)).toBe(fault);
  });
});
