import { webhookDeliveryJob } from "@/server/services/webhooks/delivery";
import { scheduledPublishJob } from "@/server/services/call-flows/scheduled-publish";
import { retentionJob } from "@/server/services/retention";
import { templateApplyJob } from "@/server/services/templates/apply-runs";
import { importJob } from "@/server/services/imports/imports";
import type { AnyJobDefinition } from "./queue";

/**
 * Every background job the server works, one entry per job (each defined beside its feature
 * with `defineJob`). The server starts them all at boot (server/http/main.ts).
 */
export const JOB_DEFINITIONS: readonly AnyJobDefinition[] = [
  webhookDeliveryJob,
  scheduledPublishJob,
  retentionJob,
  templateApplyJob,
  importJob,
];
