import type { z } from "zod";
import type { Tx } from "@/server/db";
import type { ResourceKind } from "@/server/domain/call-flow";
import { AppError, isUniqueViolation } from "@/server/errors";
import { explainExtensionClash } from "../extension-claims";
import type { ZHuntGroupFields, ZMailboxFields, ZNamedResourceFields, ZSipUserFields } from "./schemas";
import type { ListOrder } from "../paging";
import { audioStore } from "../sounds/storage";
import { type ResourceTable, resourceService } from "./resources";

// The account's resources, one service per kind: what the portal and the REST API call.

type Named = z.infer<typeof ZNamedResourceFields>;

const BY_EXTENSION: ListOrder = { field: "extension", type: "number", direction: "asc" };

/** A unique violation on a kind's one unique field, as a field error; rethrows anything else. */
function taken(error: unknown, path: string, message: string): never {
  if (!isUniqueViolation(error)) throw error;
  throw new AppError("CONFLICT", message, [{ path, message }]);
}

export const sipUsers = resourceService({
  entityType: "sipuser",
  label: "SIP user",
  table: (tx) => tx.sipUser,
  order: BY_EXTENSION,
  searchField: "name",
  columns: ({ name, extension, hasMailbox }: z.infer<typeof ZSipUserFields>) => ({ name, extension, hasMailbox }),
  referencedAs: "sipUsers",
  explainRefusal: (error, fields, account) => explainExtensionClash(error, account, fields.extension),
});

export const huntGroups = resourceService({
  entityType: "huntgroup",
  label: "hunt group",
  table: (tx) => tx.huntGroup,
  order: BY_EXTENSION,
  searchField: "name",
  columns: ({ name, extension }: z.infer<typeof ZHuntGroupFields>) => ({ name, extension }),
  referencedAs: "huntGroups",
  explainRefusal: (error, fields, account) => explainExtensionClash(error, account, fields.extension),
});

/** Sounds, playlists and trunks: a name, and flows that may point at them. */
function namedResource<Row extends { id: string }>(
  entityType: string,
  table: (tx: Tx) => ResourceTable<Row, Named>,
  referencedAs: ResourceKind,
) {
  return resourceService({
    entityType,
    label: entityType,
    table,
    order: { field: "name", type: "string", direction: "asc" },
    searchField: "name",
    columns: ({ name }: Named) => ({ name }),
    referencedAs,
  });
}

/** Sounds are renamed and deleted like any resource; their audio is made by server/services/sounds. */
export const sounds = resourceService({
  entityType: "sound",
  label: "sound",
  table: (tx) => tx.sound,
  order: { field: "name", type: "string", direction: "asc" },
  searchField: "name",
  columns: ({ name }: Named) => ({ name }),
  referencedAs: "sounds",
  afterRemove: async (tx, row) => {
    if (row.audioKey) await audioStore.remove(tx, row.audioKey);
  },
});
export const playlists = namedResource("playlist", (tx) => tx.playlist, "playlists");
export const trunks = namedResource("trunk", (tx) => tx.trunk, "trunks");

export const mailboxes = resourceService({
  entityType: "mailbox",
  label: "mailbox",
  table: (tx) => tx.mailbox,
  order: { field: "boxNumber", type: "number", direction: "asc" },
  searchField: "name",
  columns: ({ name, boxNumber }: z.infer<typeof ZMailboxFields>) => ({ name, boxNumber }),
  referencedAs: "mailboxes",
  explainRefusal: (error, fields) =>
    taken(error, "boxNumber", `Mailbox number ${fields.boxNumber} is already used on this account`),
});
