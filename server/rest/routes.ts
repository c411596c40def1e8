import { deleteFlow, flowReadAlong, getFlow, listFlows, createFlow, nextFlowExtension, replaceFlow } from "./call-flow-commands";
import { voipEndpoint, type RouteParams, type VoipEndpoint, type VoipHandler } from "./handler";
import { numberRouteCommand, routeNumberCommand } from "./number-commands";
import { listResource, resourceRoute } from "./resource-lists";
import { createSound, deleteSound, streamSoundAudio } from "./sound-commands";
import {
  createScheduleCommand,
  deleteScheduleCommand,
  getScheduleCommand,
  listSchedulesCommand,
  replaceScheduleCommand,
  scheduleStateCommand,
} from "./schedule-commands";
import {
  createWebhookCommand,
  deleteWebhookCommand,
  getWebhookCommand,
  listWebhooksCommand,
  replaceWebhookCommand,
} from "./webhook-commands";
import {
  applyTemplateCommand,
  createTemplateCommand,
  deleteTemplateCommand,
  getApplyRunCommand,
  getTemplateCommand,
  listTemplatesCommand,
  replaceTemplateCommand,
} from "./template-commands";

// ─── THE REST API'S ROUTES ─── one line per method and path; nothing else routes /voip. ───
// Paths use Hono's `:param` syntax; metering groups by the same template written `{param}`.
// Static paths come before `/voip/:resource`, which would match them too.

export type VoipMethod = "GET" | "POST" | "PUT" | "DELETE";
export type VoipRoute = { method: VoipMethod; path: string; handle: VoipHandler };

function route<Params extends RouteParams, Along extends object = Record<string, never>>(
  method: VoipMethod,
  path: string,
  endpoint: Omit<VoipEndpoint<Params, Along>, "route"> & Partial<Pick<VoipEndpoint<Params, Along>, "route">>,
): VoipRoute {
  const template = path.replace(/:(\w+)/g, "{$1}");
  return { method, path, handle: voipEndpoint<Params, Along>({ route: template, ...endpoint }) as VoipHandler };
}

export const VOIP_ROUTES: readonly VoipRoute[] = [
  route("GET", "/voip/flow", { run: listFlows }),
  route("POST", "/voip/flow", { takesBody: true, run: createFlow }),
  route("GET", "/voip/flow/:uuid", { readAlong: flowReadAlong, run: getFlow }),
  route("PUT", "/voip/flow/:uuid", { takesBody: true, run: replaceFlow }),
  route("DELETE", "/voip/flow/:uuid", { run: deleteFlow }),
  route("GET", "/voip/next-extension/flow", { run: nextFlowExtension }),
  route("GET", "/voip/schedule", { run: listSchedulesCommand }),
  route("POST", "/voip/schedule", { takesBody: true, run: createScheduleCommand }),
  route("GET", "/voip/schedule/:uuid", { run: getScheduleCommand }),
  route("PUT", "/voip/schedule/:uuid", { takesBody: true, run: replaceScheduleCommand }),
  route("DELETE", "/voip/schedule/:uuid", { run: deleteScheduleCommand }),
  route("GET", "/voip/schedule/:uuid/state", { run: scheduleStateCommand }),
  route("PUT", "/voip/number/:uuid", { takesBody: true, run: routeNumberCommand }),
  route("GET", "/voip/number/:uuid/route", { run: numberRouteCommand }),
  route("GET", "/voip/sound", { run: (call) => listResource({ ...call, params: { resource: "sound" } }) }),
  route("POST", "/voip/sound", { takesBody: "stream", run: createSound }),
  route("DELETE", "/voip/sound/:uuid", { run: deleteSound }),
  route("GET", "/voip/sound/:uuid/audio", { run: streamSoundAudio }),
  route("GET", "/voip/webhook", { run: listWebhooksCommand }),
  route("POST", "/voip/webhook", { takesBody: true, run: createWebhookCommand }),
  route("GET", "/voip/webhook/:uuid", { run: getWebhookCommand }),
  route("PUT", "/voip/webhook/:uuid", { takesBody: true, run: replaceWebhookCommand }),
  route("DELETE", "/voip/webhook/:uuid", { run: deleteWebhookCommand }),
  route("GET", "/voip/template", { run: listTemplatesCommand }),
  route("POST", "/voip/template", { takesBody: true, run: createTemplateCommand }),
  route("GET", "/voip/template/:uuid", { run: getTemplateCommand }),
  route("PUT", "/voip/template/:uuid", { takesBody: true, run: replaceTemplateCommand }),
  route("DELETE", "/voip/template/:uuid", { run: deleteTemplateCommand }),
  route("POST", "/voip/template/:uuid/apply", { takesBody: true, run: applyTemplateCommand }),
  route("GET", "/voip/template/:uuid/apply/:run", { run: getApplyRunCommand }),
  route("GET", "/voip/:resource", { route: resourceRoute, run: listResource }),
];
