import { voipEndpoint } from "@/server/rest/handler";
import { type ScheduleParams, scheduleStateCommand } from "@/server/rest/schedule-commands";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint<ScheduleParams>({ route: "/voip/schedule/{uuid}/state", run: scheduleStateCommand });
