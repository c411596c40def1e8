import type { RouterOutputs } from "@/components/trpc";

// How the portal words a number's route, wherever numbers are listed (the Numbers page, the
// account's home page): the same words everywhere, from resources.phoneNumbers.list.

export type ListedNumber = RouterOutputs["resources"]["phoneNumbers"]["list"]["items"][number];

type FlowName = { name: string; extension: number } | null;

const flowName = (flow: FlowName) => flow?.name ?? "no flow";

/** Who answers now: "Open → Call Pete", "Closed → After hours", "Call Pete", or "No flow". */
export function answersNowText(number: Pick<ListedNumber, "answers">): string {
  const { open, callFlow } = number.answers;
  if (open === null) return callFlow ? callFlow.name : "No flow";
  return `${open ? "Open" : "Closed"} → ${flowName(callFlow)}`;
}

/** How it routes: "Always Call Pete", or "By Office hours: open → Call Pete, closed → After hours". */
export function routingText(number: Pick<ListedNumber, "schedule" | "callFlow" | "closedCallFlow">): string {
  if (number.schedule === null) return number.callFlow ? `Always ${number.callFlow.name}` : "Not routed";
  return `By ${number.schedule.name}: open → ${flowName(number.callFlow)}, closed → ${flowName(number.closedCallFlow)}`;
}
