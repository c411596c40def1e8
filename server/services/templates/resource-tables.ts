import type { Tx } from "@/server/db";
import type { NamedResource, PlaceholderKind } from "@/server/domain/templates";

/** What templates read of a resource table: ids and names, always within one account. */
type NamedRows = {
  findMany(args: {
    where: { accountId: string; [condition: string]: unknown };
    select: { id: true; name: true };
  }): PromiseLike<NamedResource[]>;
};

/** The table of each kind a placeholder can be. */
export const RESOURCE_TABLES: Readonly<Record<PlaceholderKind, (client: Tx) => NamedRows>> = {
  sipuser: (client) => client.sipUser,
  group: (client) => client.huntGroup,
  sound: (client) => client.sound,
  playlist: (client) => client.playlist,
  mailbox: (client) => client.mailbox,
  trunk: (client) => client.trunk,
};
