/* The flow editor's views, by name: the side panel's tabs, and the links that open a flow on one.
 * Not a client module: the flow's page reads `?view=` on the server. */

export const TABS = ["Steps", "Modules", "Settings", "Test call", "History", "Analytics", "JSON"] as const;
export type Tab = (typeof TABS)[number];

function slugOf(name: Tab): string {
  return name.toLowerCase().replaceAll(" ", "-");
}

/** The ids of a view's tab and panel: "Test call" → `tab-test-call`, `panel-test-call` (an id
 * with a space would be two ids to aria-controls and aria-labelledby). */
export function tabIds(name: Tab): { tab: string; panel: string } {
  const slug = slugOf(name);
  return { tab: `tab-${slug}`, panel: `panel-${slug}` };
}

/** The view a flow's link asks for (`?view=analytics`), if it names one. */
export function tabOfView(view: string | undefined): Tab | undefined {
  return TABS.find((name) => slugOf(name) === view);
}

/** The link to a flow opened on one of its views: `/accounts/…/flows/…?view=analytics`. */
export function flowViewHref(accountId: string, flowId: string, view: Tab): string {
  return `/accounts/${accountId}/flows/${flowId}?view=${slugOf(view)}`;
}
