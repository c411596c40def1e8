import { isoInZone } from "@/server/domain/schedule";
import type { PlanView } from "./plans/plans";
import type {
  Account,
  CallFlow,
  HuntGroup,
  Mailbox,
  PhoneNumber,
  Playlist,
  Schedule,
  SipUser,
  Sound,
  Trunk,
} from "@/server/generated/prisma/client";
import { documentOf as scheduleDocumentOf } from "./schedules/document";
import type { TemplateView } from "./templates/templates";
import type { StoredSubscription } from "./webhooks/webhooks";

// ─── THE API REPRESENTATIONS OF OBJECTS ─── how the REST API (server/rest) and the webhook
// events (services/webhooks) show each object: one definition, so a webhook's `data` is exactly
// what a GET returns. Pure functions of rows the caller already holds; keys in alphabetical
// order, like the provider's. Services may use them, and the REST API imports them from here,
// never the other way round (biome.jsonc, tests/unit/boundaries.test.ts).

/** The provider gives dates as the calendar day (UTC), e.g. "2023-06-07". */
export function apiDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** An object's entity tag: strong, and changes with every save (its id and version). */
export function etagOf(object: { id: string; version: number }): string {
  return `"${object.id}:${object.version}"`;
}

/** A call flow as the provider's API returns it. */
export type ApiCallFlow = {
  created_on: string;
  extension: number;
  flow: unknown;
  name: string;
  show_call_route_name: boolean;
  show_original_caller_id: boolean;
  updated_on: string;
  uuid: string;
};

export function toApiCallFlow(flow: CallFlow): ApiCallFlow {
  return {
    created_on: apiDay(flow.createdAt),
    extension: flow.extension,
    flow: flow.flow,
    name: flow.name,
    show_call_route_name: flow.showCallRouteName,
    show_original_caller_id: flow.showOriginalCallerId,
    updated_on: apiDay(flow.updatedAt),
    uuid: flow.id,
  };
}

/** A phone number as `GET /voip/number` lists it, with how it routes. */
export function toApiNumber(number: PhoneNumber) {
  return {
    call_flow: number.callFlowId,
    closed_call_flow: number.closedCallFlowId,
    number: number.number,
    schedule: number.scheduleId,
    uuid: number.id,
  };
}

export function toApiSchedule(schedule: Schedule) {
  const document = scheduleDocumentOf(schedule);
  return {
    closures: document.closures,
    created_on: apiDay(schedule.createdAt),
    holidays: document.holidays,
    hours: document.hours,
    name: document.name,
    override: document.override,
    override_until: document.overrideUntil && isoInZone(new Date(document.overrideUntil), schedule.timezone),
    timezone: document.timezone,
    updated_on: apiDay(schedule.updatedAt),
    uuid: schedule.id,
  };
}

export function toApiTemplate(template: TemplateView) {
  return {
    created_on: apiDay(template.createdAt),
    description: template.description,
    flow: template.flow,
    name: template.name,
    placeholders: template.placeholders,
    starter: template.starter,
    updated_on: apiDay(template.updatedAt),
    uuid: template.id,
    version: template.version,
  };
}

/** A webhook subscription; never its secret. */
export function toApiWebhook(subscription: StoredSubscription) {
  return {
    created_on: apiDay(subscription.createdAt),
    disabled_reason: subscription.disabledReason,
    enabled: subscription.enabled,
    events: subscription.events,
    failing_since: subscription.failingSince?.toISOString() ?? null,
    subtree: subscription.subtree,
    updated_on: apiDay(subscription.updatedAt),
    url: subscription.url,
    uuid: subscription.id,
  };
}

/** A sound; `duration_ms` and `format` are null for a sound that is only a name. */
export function toApiSound(sound: Pick<Sound, "id" | "name" | "durationMs" | "format">) {
  return { uuid: sound.id, name: sound.name, duration_ms: sound.durationMs, format: sound.format };
}

export function toApiSipUser(user: Pick<SipUser, "id" | "name" | "extension">) {
  return { extension: user.extension, name: user.name, uuid: user.id };
}

export function toApiHuntGroup(group: Pick<HuntGroup, "id" | "name" | "extension">) {
  return { extension: group.extension, name: group.name, uuid: group.id };
}

export function toApiPlaylist(playlist: Pick<Playlist, "id" | "name">) {
  return { name: playlist.name, uuid: playlist.id };
}

export function toApiMailbox(box: Pick<Mailbox, "id" | "name" | "boxNumber">) {
  return { box_number: box.boxNumber, name: box.name, uuid: box.id };
}

export function toApiTrunk(trunk: Pick<Trunk, "id" | "name">) {
  return { name: trunk.name, uuid: trunk.id };
}

/** A customer as `/voip/customer` shows it. */
export function toApiCustomer(
  customer: Pick<Account, "id" | "name" | "displayName" | "contactEmail" | "planId" | "status" | "createdAt" | "updatedAt">,
) {
  return {
    contact_email: customer.contactEmail,
    created_on: apiDay(customer.createdAt),
    display_name: customer.displayName,
    name: customer.name,
    plan: customer.planId,
    status: customer.status,
    updated_on: apiDay(customer.updatedAt),
    uuid: customer.id,
  };
}

/** A plan as `/voip/plan` shows it; `customers` is how many accounts are on it. */
export function toApiPlan(plan: PlanView) {
  return {
    created_on: apiDay(plan.createdAt),
    customers: plan.accountCount,
    limits: plan.limits,
    modules: plan.modules,
    name: plan.name,
    updated_on: apiDay(plan.updatedAt),
    uuid: plan.id,
  };
}
