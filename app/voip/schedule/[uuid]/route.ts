import { voipEndpoint } from "@/server/rest/handler";
import { deleteScheduleCommand, getScheduleCommand, replaceScheduleCommand, type ScheduleParams } from "@/server/rest/schedule-commands";

export const dynamic = "force-dynamic";

const route = "/voip/schedule/{uuid}";

export const GET = voipEndpoint<ScheduleParams>({ route, run: getScheduleCommand });
export const PUT = voipEndpoint<ScheduleParams>({ route, takesBody: true, run: replaceScheduleCommand });
export const DELETE = voipEndpoint<ScheduleParams>({ route, run: deleteScheduleCommand });
