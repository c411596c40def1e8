import { describe, expect, it } from "vitest";
import { labelledMessage, placeServerIssues } from "@/components/forms/server-field-errors";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";

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

describe("labelledMessage: a message names each field as the form labels it", () => {
  const labels = { url: "Receiver URL", events: "Events" };

  it.each([
    ["url is required", "Receiver URL is required"],
    [
      "The host example.invalid of url does not resolve to an address",
      "The host example.invalid of Receiver URL does not resolve to an address",
    ],
    ['"url" must be text', "Receiver URL must be text"],
    // Only the field's own name: not inside another word, a path or an address.
    ["urls and curl stay, https://example.com/url too", "urls and curl stay, https://example.com/url too"],
  ])("%s", (message, expected) => {
    expect(labelledMessage(message, labels)).toBe(expected);
  });

  it("the schema's own messages, as the webhook form shows them, name no stored field", () => {
    const parsed = ZWebhookSubscriptionFields.safeParse({ url: " ", events: [] });
    const messages = parsed.error?.issues.map((issue) => labelledMessage(issue.message, labels));
    expect(messages).toEqual(["Receiver URL is required", "Events must name at least one event type"]);
  });

  it("server issues placed on the form's fields and said for the whole form are labelled too", () => {
    expect(
      placeServerIssues(
        failure([
          { path: "url", message: "url must start with https://" },
          { path: "subscription.events", message: "events must be a list of event types" },
        ]),
        ["url"] as const,
        labels,
      ),
    ).toEqual({
      placed: [{ field: "url", message: "Receiver URL must start with https://" }],
      formError: "Events must be a list of event types",
    });
  });
});
