import type { RequestContext } from "@/server/auth/actor";
import { notFound } from "@/server/errors";
import { huntGroups, mailboxes, phoneNumbers, playlists, sipUsers, sounds, trunks } from "@/server/services/resources/kinds";
import type { VoipCall, VoipOutcome } from "./handler";
import { soundRepresentation } from "./sound-commands";

type ResourceList = (ctx: RequestContext, accountId: string) => Promise<object[]>;

/** `GET /voip/<name>`: each read-only list, from the resource services, as the API shows it. */
export const RESOURCE_LISTS = {
  user: async (ctx, accountId) =>
    (await sipUsers.list(ctx, { accountId })).map((user) => ({ extension: user.extension, name: user.name, uuid: user.id })),
  group: async (ctx, accountId) =>
    (await huntGroups.list(ctx, { accountId })).map((group) => ({ extension: group.extension, name: group.name, uuid: group.id })),
  sound: async (ctx, accountId) => (await sounds.list(ctx, { accountId })).map(soundRepresentation),
  playlist: async (ctx, accountId) =>
    (await playlists.list(ctx, { accountId })).map((playlist) => ({ name: playlist.name, uuid: playlist.id })),
  mailbox: async (ctx, accountId) =>
    (await mailboxes.list(ctx, { accountId })).map((box) => ({ box_number: box.boxNumber, name: box.name, uuid: box.id })),
  trunk: async (ctx, accountId) => (await trunks.list(ctx, { accountId })).map((trunk) => ({ name: trunk.name, uuid: trunk.id })),
  number: async (ctx, accountId) =>
    (await phoneNumbers.list(ctx, { accountId })).map((number) => ({
      call_flow: number.callFlowId,
      number: number.number,
      uuid: number.id,
    })),
} as const satisfies Record<string, ResourceList>;

export type ResourceName = keyof typeof RESOURCE_LISTS;

function isResourceName(name: string): name is ResourceName {
  return Object.hasOwn(RESOURCE_LISTS, name);
}

export type ResourceParams = { resource: string };

/** Known lists meter under their own path; anything else under the template. */
export function resourceRoute({ resource }: ResourceParams): string {
  return isResourceName(resource) ? `/voip/${resource}` : "/voip/{resource}";
}

export async function listResource({ ctx, accountId, params }: VoipCall<ResourceParams>): Promise<VoipOutcome> {
  if (!isResourceName(params.resource)) throw notFound("Resource");
  return { status: 200, result: await RESOURCE_LISTS[params.resource](ctx, accountId) };
}
