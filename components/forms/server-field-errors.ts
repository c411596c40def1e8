import type { FieldIssue } from "@/server/errors";

/** Which form field a server issue's path belongs to: a list of the form's field names, or a
 * function for forms whose paths are built (list items, a prefix the server adds). */
export type ServerFields<Name extends string> = readonly Name[] | ((path: string) => Name | null);

/** How a form labels its fields, by stored name ("url": "Receiver URL"). */
export type FieldLabels = Readonly<Record<string, string>>;

/**
 * A message of the shared schemas and services with each field's stored name replaced by the
 * form's label: "url is required" reads "Receiver URL is required". The schemas word their
 * messages with the API's field names, which the REST API keeps (its documentation uses them);
 * the portal's forms say what they show, and this is the one place that translates.
 */
export function labelledMessage(message: string, labels: FieldLabels): string {
  let labelled = message;
  for (const [field, label] of Object.entries(labels)) {
    labelled = labelled.replace(
      new RegExp(`(?<![\\w./-])"?${field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?(?![\\w/-])`, "g"),
      label,
    );
  }
  return labelled;
}

type PlacedIssues<Name extends string> = {
  /** Issues that go next to a field of the form. */
  placed: { field: Name; message: string }[];
  /** What the form says as a whole: an issue with no field, the failure's own message when it
   * carries no issues, or null when every issue is beside its field. */
  formError: string | null;
};

/**
 * Sorts a failed mutation's field issues: each that names a field of the form goes beside it, and
 * the first that does not (or, with none, the failure's message) is said for the whole form, so
 * the server's rules reach the user where they can act on them.
 */
export function placeServerIssues<Name extends string>(
  failure: { message: string; issues: readonly FieldIssue[] },
  fields: ServerFields<Name>,
  labels: FieldLabels = {},
): PlacedIssues<Name> {
  const fieldOf = typeof fields === "function" ? fields : (path: string) => fields.find((name) => name === path) ?? null;
  const placed: PlacedIssues<Name>["placed"] = [];
  const unplaced: FieldIssue[] = [];
  for (const issue of failure.issues) {
    const field = fieldOf(issue.path);
    if (field === null) unplaced.push(issue);
    else placed.push({ field, message: labelledMessage(issue.message, labels) });
  }
  const formError = labelledMessage(unplaced[0]?.message ?? (failure.issues.length === 0 ? failure.message : ""), labels) || null;
  return { placed, formError };
}
