import { z } from "zod";
import {
  DEFAULT_EXTENSION_RANGE,
  ZCallFlowExtension,
  ZCallFlowInput,
  ZCallFlowName,
  ZForwardTarget,
  ZModuleKey,
} from "@/server/domain/call-flow";
import { CALL_OUTCOMES, ZCallInput, ZCallStep } from "@/server/domain/calls/call-input";
import { OVERRIDES, STATE_REASONS, ZInstant, ZScheduleDocument } from "@/server/domain/schedule";
import { BRAND_IMAGE_TYPES_TEXT, MAX_BRAND_IMAGE_BYTES, MAX_PRODUCT_NAME_LENGTH } from "@/server/domain/brand";
import { ACCEPTED_FORMATS_TEXT, SOUND_FORMATS } from "@/server/domain/sound";
import { MAX_PLACEHOLDERS, PLACEHOLDER_KINDS, PLACEHOLDER_NAME_MAX_LENGTH } from "@/server/domain/templates";
import { ZExtensionNumber, ZMailboxNumber, ZResourceName } from "@/server/services/resources/schemas";
import { ZNumberRouting } from "@/server/services/schedules/schemas";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { ZWebhookSubscriptionFields } from "@/server/services/webhooks/schemas";

// ─── THE API'S OBJECTS, AS ZOD SCHEMAS ─── what `result` holds in each answer, and the bodies the
// domain checks in code rather than zod (call flows, templates) as far as a schema can say them.
// The OpenAPI document is generated from these (server/rest/openapi.ts) and the tests check live
// answers against it, so the functions that build the answers (toApiCallFlow…) must give exactly
// these. Keys are the provider's; descriptions are the only hand-written part.

const ZUuid = z.uuid();
/** The provider gives dates as the calendar day (UTC). */
const ZApiDay = z.iso.date().meta({ examples: ["2023-06-07"] });

/** What every stored object carries beside its own fields. */
export const STORED_FIELDS = { uuid: ZUuid, created_on: ZApiDay, updated_on: ZApiDay };

/** The services' names for the fields the provider's API names otherwise, top level only. */
export const SCHEDULE_API_NAMES = { overrideUntil: "override_until" } as const;
export const NUMBER_ROUTING_API_NAMES = {
  callFlowId: "call_flow",
  scheduleId: "schedule",
  closedCallFlowId: "closed_call_flow",
} as const;

type Renamed<Shape extends z.ZodRawShape, Names extends Record<string, string>> = {
  [Field in keyof Shape as Field extends keyof Names ? Names[Field] : Field]: Shape[Field];
};

/** An object's fields under the provider's names. */
export function withApiNames<Shape extends z.ZodRawShape, Names extends Record<string, string>>(
  shape: Shape,
  names: Names,
): Renamed<Shape, Names> {
  return Object.fromEntries(Object.entries(shape).map(([field, schema]) => [names[field] ?? field, schema])) as Renamed<
    Shape,
    Names
  >;
}

export const ZFieldIssue = z
  .object({ path: z.string(), message: z.string() })
  .meta({ description: "A problem with one field: `path` in dots (`flow.<key>.next`), empty for the whole request" });

// ─── Call flows ───

/** The call-flow document, field by field; `validateCallFlow` also checks what spans modules. */
export const ZCallFlowFields = ZCallFlowInput.extend({
  extension: ZCallFlowExtension.meta({
    description: `The extension dialled to reach this flow; within the account's call-flow range (${DEFAULT_EXTENSION_RANGE.min}-${DEFAULT_EXTENSION_RANGE.max} by default) and not used by anything else on the account`,
  }),
});

export const ZApiCallFlow = ZCallFlowFields.extend({
  show_call_route_name: z.boolean(),
  show_original_caller_id: z.boolean(),
  ...STORED_FIELDS,
}).meta({ description: "A call flow as the API returns it; `flow` exactly as it was sent." });

export const ZNextExtension = z.object({ extension: ZCallFlowExtension });

// ─── Templates ───

const ZPlaceholderName = z
  .string()
  .min(1)
  .max(PLACEHOLDER_NAME_MAX_LENGTH)
  .regex(/^[^{}\s]([^{}]*[^{}\s])?$/);

const ZPlaceholders = z.record(ZPlaceholderName, z.strictObject({ kind: z.enum(PLACEHOLDER_KINDS) })).meta({
  description: `Each placeholder the flow uses, by name, with the kind of resource it stands for (at most ${MAX_PLACEHOLDERS}); every one declared must be used. A template whose flow uses none may leave it out.`,
  maxProperties: MAX_PLACEHOLDERS,
  examples: [{ Reception: { kind: "sipuser" }, "Welcome sound": { kind: "sound" } }],
});

/** A template field by field, as far as a schema can say it; `checkTemplate` is the check. */
export const ZTemplateFields = z.strictObject({
  name: ZCallFlowName.meta({
    description: "The template's name; also the name of the flows made from it unless apply gives another",
  }),
  flow: z.record(ZModuleKey, z.looseObject({})).meta({
    description:
      "A flow map in the provider's format (see FlowMap), except that a resource uuid may be written \"{{Placeholder name}}\" (a SIP user or hunt group of an extension module, a sound, playlist, mailbox or trunk). Every resource must be a placeholder: a template names no account's resource.",
    examples: [
      {
        start: { module: "start", next: "ring" },
        ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }] },
      },
    ],
  }),
  placeholders: ZPlaceholders.optional(),
});

export const ZApiTemplate = ZTemplateFields.extend({
  placeholders: ZPlaceholders,
  description: z.string().nullable().meta({ description: "What a starter template does; null for the library's own" }),
  starter: z.boolean().meta({ description: "Built in: described, and cannot be changed" }),
  version: z.int().min(1).meta({ description: "Raised by every save; earlier versions are kept" }),
  ...STORED_FIELDS,
}).meta({ description: "A template as the API returns it; `flow` exactly as it was sent." });

const ZApplied = z.object({
  customer: z.string().meta({ description: "The customer's account name, as asked" }),
  ok: z.literal(true),
  flow: ZUuid.meta({ description: "The new flow" }),
});
const ZNotApplied = z.object({
  customer: z.string(),
  ok: z.literal(false),
  errors: z.array(ZFieldIssue).meta({ description: "Why nothing was created for this customer" }),
});

/** One customer's outcome of an apply. */
export const ZApplyResult = z.discriminatedUnion("ok", [ZApplied, ZNotApplied]);

/** An apply run: the customers are worked by one background job. */
export const ZApplyRun = z.object({
  created_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  name: z.string().meta({ description: "The new flows' name" }),
  publish: z.boolean().meta({ description: "true: the flows are live at once; false: drafts" }),
  results: z
    .array(
      z.discriminatedUnion("status", [
        z.object({ status: z.literal("pending"), customer: ZApplied.shape.customer }),
        ZApplied.extend({ status: z.literal("done") }),
        ZNotApplied.extend({ status: z.literal("failed") }),
      ]),
    )
    .meta({ description: "One per customer, in the order asked; ok, and flow or errors, once it is not pending" }),
  started_at: z.iso.datetime().nullable(),
  status: z.enum(["queued", "running", "finished"]),
  template: ZUuid,
  uuid: ZUuid,
  version: z.int().min(1).meta({ description: "The template's version applied" }),
});

// ─── Schedules and number routing ───

const schedule = ZScheduleDocument.shape;

/** A schedule's fields (the services' names), described; `ZScheduleDocument` is the check. */
export const ZScheduleFields = z.strictObject({
  ...schedule,
  timezone: schedule.timezone.meta({
    description: "An IANA time zone; hours and closures are wall-clock times and dates there",
    examples: ["Europe/London"],
  }),
  hours: schedule.hours.meta({
    description:
      'Each weekday\'s intervals, 24-hour "HH:MM" (an interval may end at "24:00"), each ending after it starts, none overlapping',
  }),
  closures: schedule.closures.meta({ description: "Days closed all day; `yearly` repeats the day and month every year" }),
  holidays: schedule.holidays.meta({
    description: "A public-holiday region (observed and substitute days included), or null",
    examples: ["GB-ENG", "US-CA", "DE-BY"],
  }),
  override: schedule.override.meta({
    description: `A manual switch: ${OVERRIDES.slice(1).join(" or ")} whatever the hours say, or auto`,
  }),
  overrideUntil: schedule.overrideUntil.meta({
    description:
      "When an open or closed override goes back to auto (ISO 8601 with an offset, in the future); null: until changed",
  }),
});

export const ZApiSchedule = z
  .object({ ...withApiNames(ZScheduleFields.shape, SCHEDULE_API_NAMES), ...STORED_FIELDS })
  .meta({ description: "A schedule as the API returns it; an override whose end has passed reads as auto." });

export const ZScheduleState = z.object({
  open: z.boolean(),
  reason: z.enum(STATE_REASONS).meta({
    description: "What decides: the manual override, a closure, a public holiday, the hours, or being outside them",
  }),
  until: ZInstant.nullable().meta({
    description: "The next time `open` changes (ISO 8601 in the schedule's zone); null when nothing scheduled changes it",
  }),
});

export const ZApiNumber = z.object({
  ...withApiNames(ZNumberRouting.shape, NUMBER_ROUTING_API_NAMES),
  number: ZForwardTarget.shape.number.meta({ description: "E.164" }),
  uuid: ZUuid,
});

export const ZNumberRoute = z.object({
  call_flow: ZUuid.nullable().meta({ description: "The call flow that answers; null when none" }),
  open: z.boolean().nullable().meta({ description: "The schedule's state; null when the number routes by no schedule" }),
  reason: z.enum([...STATE_REASONS, "no_schedule"]),
});

// ─── Webhooks ───

/** A subscription's writable fields, described; `ZWebhookSubscriptionFields` is the check. */
export const ZWebhookFields = ZWebhookSubscriptionFields.extend({
  url: ZWebhookSubscriptionFields.shape.url.meta({
    description: "Where events are POSTed: https to public addresses (http and local addresses only outside production)",
  }),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).meta({ description: "The event types to send" }),
  subtree: ZWebhookSubscriptionFields.shape.subtree.meta({
    description: "A reseller's: also the events of every account below it",
  }),
});

export const WEBHOOK_READ_ONLY_FIELDS = {
  ...STORED_FIELDS,
  disabled_reason: z
    .string()
    .nullable()
    .meta({ description: "Why the portal switched the subscription off (3 days of failed deliveries)" }),
  failing_since: z.iso.datetime().nullable().meta({ description: "Since when every delivery has failed; null after a success" }),
};

export const ZApiWebhook = ZWebhookFields.extend(WEBHOOK_READ_ONLY_FIELDS);

export const ZApiNewWebhook = ZApiWebhook.extend({
  secret: z
    .string()
    .regex(/^whsec_/)
    .meta({ description: "The signing secret, shown only in this answer" }),
});

// ─── Resources ───

export const ZApiSipUser = z.object({ extension: ZExtensionNumber, name: ZResourceName, uuid: ZUuid });
export const ZApiHuntGroup = z.object({ extension: ZExtensionNumber, name: ZResourceName, uuid: ZUuid });
export const ZApiPlaylist = z.object({ name: ZResourceName, uuid: ZUuid });
export const ZApiMailbox = z.object({ box_number: ZMailboxNumber, name: ZResourceName, uuid: ZUuid });
export const ZApiTrunk = z.object({ name: ZResourceName, uuid: ZUuid });
export const ZApiSound = z.object({
  duration_ms: z
    .int()
    .nonnegative()
    .nullable()
    .meta({ description: "The audio's length; null for a sound that has no audio (only a name)" }),
  format: z
    .enum(SOUND_FORMATS)
    .nullable()
    .meta({ description: "wav, mp3 or ogg (Opus), read from the audio itself; null without audio" }),
  name: ZResourceName,
  uuid: ZUuid,
});

/** `POST /voip/sound`'s multipart/form-data fields; the command reads them as they arrive. */
export const ZSoundUpload = z.object({
  file: z.file().meta({ description: `The audio (${ACCEPTED_FORMATS_TEXT})` }),
  name: ZResourceName,
});

// ─── Customers and plans ───

export const CUSTOMER_API_NAMES = {
  displayName: "display_name",
  contactEmail: "contact_email",
  planId: "plan",
  ownerEmail: "owner_email",
} as const;

/** A customer's writable fields (the services' names), described; `ZCustomerFields` is the check. */
export const ZCustomerFieldsDocumented = z.strictObject({
  name: z.string().meta({
    description:
      "The customer's handle: lower-case letters, digits, '.', '-' or '_'; unique on the platform; what X-Auth-For names",
  }),
  displayName: z.string().optional().meta({ description: 'What people call the customer ("Acme Corporation"); may be empty' }),
  contactEmail: z.string().optional().meta({ description: "Where to write about the account; may be empty" }),
  planId: ZUuid.nullable().optional().meta({ description: "One of the reseller's plans (/voip/plan), or null for none" }),
  status: z.enum(["active", "suspended"]).optional().meta({
    description:
      "suspended: its users cannot sign in and its API users are refused from their next request; its flows and numbers stay",
  }),
});

export const ZNewCustomerDocumented = ZCustomerFieldsDocumented.omit({ status: true }).extend({
  ownerEmail: z.email().optional().meta({
    description:
      "Creates the customer's first user, who sets a password through the one-time link in the answer (mailed too when the portal has SMTP)",
  }),
});

const ZApiCustomerFields = {
  contact_email: z.string(),
  display_name: z.string(),
  name: z.string(),
  plan: ZUuid.nullable(),
  status: z.enum(["active", "suspended"]),
};

export const ZApiCustomer = z
  .object({ ...ZApiCustomerFields, ...STORED_FIELDS })
  .meta({ description: "A customer of the reseller" });

export const ZApiCustomerPage = z.object({
  items: z.array(ZApiCustomer),
  next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
});

export const ZApiNewCustomer = ZApiCustomer.extend({
  owner: z
    .object({
      email: z.string(),
      set_password_link: z.string().meta({ description: "One-time link where the owner sets a password; shown only here" }),
      expires_at: z.iso.datetime(),
      mailed: z.boolean(),
    })
    .nullable()
    .meta({ description: "The owner created from owner_email, or null" }),
});

const ZApiLimit = z.int().min(0).nullable();
export const ZApiPlanLimits = z.object({
  flows: ZApiLimit,
  modules_per_flow: ZApiLimit,
  numbers: ZApiLimit,
  users: ZApiLimit,
  schedules: ZApiLimit,
  webhooks: ZApiLimit,
  sounds_mb: ZApiLimit,
  customers: ZApiLimit.meta({ description: "For a reseller's plan (given by the platform): how many customers it may have" }),
});

export const ZApiPlan = z
  .object({
    customers: z.int().min(0).meta({ description: "How many accounts are on the plan" }),
    limits: ZApiPlanLimits.meta({ description: "null: unlimited" }),
    modules: z.array(z.string()).nullable().meta({ description: "The module types flows may use; null: every type" }),
    name: z.string(),
    ...STORED_FIELDS,
  })
  .meta({ description: "A plan: limits and module types for the accounts put on it" });

// ─── Imports ───

export const ZImportCounts = z.object({
  created: z.int().min(0),
  failed: z
    .array(
      z.object({
        row: z.int().min(2).meta({ description: "The CSV's row: the header is row 1" }),
        errors: z.array(
          z.object({
            column: z.string().meta({ description: "The column at fault; empty for the whole row" }),
            message: z.string(),
          }),
        ),
      }),
    )
    .meta({ description: "Each row that failed (nothing of it was written), with its problems by column" }),
  rows: z.int().min(0).meta({ description: "Data rows read" }),
  unchanged: z.int().min(0),
  updated: z.int().min(0),
});

export const ZImportStarted = z.object({
  status: z.enum(["queued", "running", "done", "failed"]),
  uuid: ZUuid,
});

export const ZImportRun = ZImportCounts.extend({
  created_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  kind: z.enum(["customers", "numbers", "users"]),
  mode: z.enum(["create", "upsert"]),
  pending: z.int().min(0).meta({ description: "Rows not applied yet" }),
  status: z.enum(["queued", "running", "done", "failed"]).meta({
    description: "queued, running, done, or failed (the run stopped: its starter can no longer act)",
  }),
  uuid: ZUuid,
});

// ─── Branding ───

/** The services' names of the brand's fields, and the API's. */
export const BRAND_API_NAMES = {
  productName: "product_name",
  primaryColor: "primary_color",
  accentColor: "accent_color",
  supportEmail: "support_email",
  supportUrl: "support_url",
  signInMessage: "sign_in_message",
  hidePoweredBy: "hide_powered_by",
  invitationSubject: "invitation_subject",
  invitationText: "invitation_text",
} as const;

const ZColor = z.string().regex(/^#[0-9a-f]{6}$/);

/** What GET answers beside the writable fields. */
export const BRAND_READ_ONLY_FIELDS = {
  logo_url: z
    .string()
    .nullable()
    .meta({ description: "Where the logo is served (a path on the portal's host); null without one" }),
  favicon_url: z
    .string()
    .nullable()
    .meta({ description: "Where the favicon is served; the logo's URL when the brand has no favicon of its own" }),
  inherited: z.boolean().meta({
    description: "Whether this is the brand of a reseller above (or the platform's): the account has none of its own yet",
  }),
};

export const ZApiBrand = z.object({
  product_name: z.string().max(MAX_PRODUCT_NAME_LENGTH),
  primary_color: ZColor.meta({ description: "The header's colour; white text on it has at least 4.5:1 contrast" }),
  accent_color: ZColor.meta({ description: "Buttons' and links' colour; white text on it has at least 4.5:1 contrast" }),
  support_email: z.string(),
  support_url: z.string(),
  sign_in_message: z.string(),
  hide_powered_by: z.boolean(),
  invitation_subject: z.string().meta({ description: "The invitation mail's subject; empty for the portal's" }),
  invitation_text: z.string().meta({ description: "The invitation mail's text; empty for the portal's" }),
  ...BRAND_READ_ONLY_FIELDS,
});

export const ZBrandImageUpload = z.string().meta({
  description: `The image's bytes: ${BRAND_IMAGE_TYPES_TEXT}, at most ${MAX_BRAND_IMAGE_BYTES / 1024} KB. What it is is read from the bytes; an SVG is stored without scripts, event handlers, foreignObject or references outside the image`,
  format: "binary",
});

// ─── Calls ───

const ZApiInstant = z.iso.datetime().meta({ description: "UTC, ISO 8601", examples: ["2026-12-01T09:00:00Z"] });

export const ZApiCallStep = z.object({
  module: ZCallStep.shape.module,
  at: ZApiInstant.meta({ description: "When the call entered the module" }),
  route: z.string().optional().meta({ description: "The route the caller left the module by; absent on the last step" }),
  unknown_module: z
    .literal(true)
    .optional()
    .meta({ description: "Present on a step naming a module the flow's version did not have: kept as sent, and flagged" }),
});

export const ZApiCallSummary = z.object({
  call_id: ZCallInput.shape.call_id,
  flow: ZUuid.meta({ description: "The call flow the call ran through" }),
  flow_version: z.int().min(1).meta({ description: "The flow's version live at started_at, from its history" }),
  number: z.string().optional().meta({ description: "The number called, when the switch gave it" }),
  caller: z.string().optional().meta({ description: "The caller, when the switch gave it" }),
  started_at: ZApiInstant,
  ended_at: ZApiInstant,
  outcome: z.enum(CALL_OUTCOMES),
});

export const ZApiCall = ZApiCallSummary.extend({ steps: z.array(ZApiCallStep) }).meta({
  description: "A call as the switch reported it, with the version of its flow",
});

export const ZApiCallPage = z.object({
  items: z.array(ZApiCallSummary).meta({ description: "Newest first (by started_at, then call_id)" }),
  next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
});

export const ZCallIngestResult = z.object({
  accepted: z.int().min(0).meta({ description: "Calls stored by this request" }),
  duplicates: z.int().min(0).meta({ description: "Calls whose call_id the account had already: stored once, earlier" }),
  rejected: z
    .array(z.object({ index: z.int().min(0), errors: z.array(ZFieldIssue) }))
    .meta({ description: "The calls refused, by their index in `calls`, each problem at its field (`ended_at`, `steps.2.at`)" }),
});

export const ZFlowCallStats = z.object({
  calls: z.int().min(0),
  outcomes: z
    .partialRecord(z.enum(CALL_OUTCOMES), z.int().min(1))
    .meta({ description: "Calls per outcome; outcomes no call had are left out" }),
  median_duration_s: z
    .number()
    .nullable()
    .meta({ description: "The median of the calls' lengths in whole seconds (ended_at - started_at); null without calls" }),
  modules: z
    .record(
      z.string(),
      z.object({
        entered: z.int().min(0).meta({ description: "Calls that entered the module (each call once)" }),
        ended_here: z.int().min(0).meta({ description: "Calls whose last step was the module" }),
        routes: z
          .record(z.string(), z.int().min(1))
          .meta({ description: "Calls that left the module by each route (each call once)" }),
      }),
    )
    .meta({ description: "By module key, as the steps named them" }),
});

/** Every schema above that the OpenAPI document names, by its name there. */
export const API_SCHEMAS = {
  FieldIssue: ZFieldIssue,
  CallFlow: ZApiCallFlow,
  NextExtension: ZNextExtension,
  Template: ZApiTemplate,
  ApplyResult: ZApplyResult,
  ApplyRun: ZApplyRun,
  Schedule: ZApiSchedule,
  ScheduleState: ZScheduleState,
  PhoneNumber: ZApiNumber,
  NumberRoute: ZNumberRoute,
  WebhookSubscription: ZApiWebhook,
  NewWebhookSubscription: ZApiNewWebhook,
  SipUser: ZApiSipUser,
  HuntGroup: ZApiHuntGroup,
  Playlist: ZApiPlaylist,
  Mailbox: ZApiMailbox,
  Trunk: ZApiTrunk,
  Sound: ZApiSound,
  Customer: ZApiCustomer,
  CustomerPage: ZApiCustomerPage,
  NewCustomer: ZApiNewCustomer,
  Plan: ZApiPlan,
  PlanLimits: ZApiPlanLimits,
  ImportCounts: ZImportCounts,
  ImportStarted: ZImportStarted,
  ImportRun: ZImportRun,
  Brand: ZApiBrand,
  Call: ZApiCall,
  CallSummary: ZApiCallSummary,
  CallPage: ZApiCallPage,
  CallIngestResult: ZCallIngestResult,
  FlowCallStats: ZFlowCallStats,
} as const;
