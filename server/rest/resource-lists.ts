import type { RequestContext } from "@/server/auth/actor";
import { notFound } from "@/server/errors";
import { huntGroups, mailboxes, playlists, sipUsers, sounds, trunks } from "@/server/services/resources/kinds";
import { phoneNumbers } from "@/server/services/resources/phone-numbers";
import {
  toApiHuntGroup,
  toApiMailbox,
  toApiNumber,
  toApiPlaylist,
  toApiSipUser,
  toApiSound,
  toApiTrunk,
} from "@/server/services/representations";
import type { VoipCall, VoipOutcome } from "./handler";

type ResourceList = (ctx: RequestContext, accountId: string) => Promise<object[]>;

/** `GET /voip/<name>`: each read-only list, from the resource services, as the API shows it:
 * the whole list (an account's resources are few), read in one query. */
export const RESOURCE_LISTS = {
  user: async (ctx, accountId) => (await sipUsers.all(ctx, { accountId })).map(toApiSipUser),
  group: async (ctx, accountId) => (await huntGroups.all(ctx, { accountId })).map(toApiHuntGroup),
  sound: async (ctx, accountId) => (await sounds.all(ctx, { accountId })).map(toApiSound),
  playlist: async (ctx, accountId) => (await playlists.all(ctx, { accountId })).map(toApiPlaylist),
  mailbox: async (ctx, accountId) => (await mailboxes.all(ctx, { accountId })).map(toApiMailbox),
  trunk: async (ctx, accountId) => (await trunks.all(ctx, { accountId })).map(toApiTrunk),
  number: async (ctx, accountId) => (await phoneNumbers.all(ctx, { accountId })).map(toApiNumber),
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
