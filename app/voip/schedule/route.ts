import { voipEndpoint } from "@/server/rest/handler";
import { createScheduleCommand, listSchedulesCommand } from "@/server/rest/schedule-commands";

export const dynamic = "force-dynamic";

export const GET = voipEndpoint({ route: "/voip/schedule", run: listSchedulesCommand });
export const POST = voipEndpoint({ route: "/voip/schedule", takesBody: true, run: createScheduleCommand });
