import { keepPreviousData, useInfiniteQuery, type UseMutationOptions } from "@tanstack/react-query";
import type { ComponentType } from "react";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { TRPCQueryKey } from "@trpc/tanstack-react-query";
import type { DefaultValues, FieldValues, Path } from "react-hook-form";
import type { z } from "zod";
import { nextCursorOf, type PagedQuery } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { ZHuntGroupFields, ZMailboxFields, ZNamedResourceFields, ZSipUserFields } from "@/server/services/resources/schemas";
import type { AppRouter } from "@/server/trpc/root";
import { AddSound } from "@/components/sounds/add-sound";
import { SOUND_COLUMNS } from "@/components/sounds/sound-columns";

// What the Resources page knows of each kind: its words, its fields (the server's own schema) and
// its four procedures. One generic section (resource-section.tsx) renders every kind from this.

type Trpc = ReturnType<typeof useTRPC>;
type ResourceOutputs = inferRouterOutputs<AppRouter>["resources"];
/** A row as saved. */
type RowOf<Kind extends keyof ResourceOutputs> = ResourceOutputs[Kind]["create"];
type ResourceError = TRPCClientErrorLike<AppRouter>;

type AccountInput = { accountId: string };
type ResourceRef = AccountInput & { id: string };

/** The mutation options of one kind, and the key of all its queries. tRPC's hooks need each
 * kind's own procedures, so every kind names them itself; their shapes are what the generic
 * section relies on. */
export interface ResourceProcedures<Row, Values> {
  /** Invalidates every page of every search of the kind. */
  pathKey: TRPCQueryKey;
  create: UseMutationOptions<Row, ResourceError, Values & AccountInput>;
  update: UseMutationOptions<Row, ResourceError, Values & ResourceRef>;
  delete: UseMutationOptions<Row, ResourceError, ResourceRef>;
}

/** One editable field of a kind, shown both as a table column and as a form input. */
export type ResourceField<Values> = {
  name: Path<Values> & keyof Values;
  label: string;
  /** The column heading when it differs from the label. */
  heading?: string;
  input: "text" | "number" | "checkbox";
};

export interface ResourceKindSpec<Row extends Values & { id: string }, Values extends FieldValues> {
  /** Unique on the page: test ids are built from it. */
  key: keyof ResourceOutputs;
  /** The section's heading: "SIP users". */
  title: string;
  /** One of them, as a sentence names it: "SIP user", "sound". */
  singular: string;
  /** What the list's search looks in: "name". */
  searches: string;
  schema: z.ZodType<Values, Values>;
  emptyValues: DefaultValues<Values>;
  fields: readonly ResourceField<Values>[];
  /** How messages and button names refer to one row. */
  describe(row: Row): string;
  procedures(trpc: Trpc): ResourceProcedures<Row, Values>;
  /** The hook of the kind's paged list: the account's rows whose name (or number) contains `search`. */
  useList(accountId: string, search: string | undefined): PagedQuery<Row>;
  /** Read-only cells after the fields' (a sound's length, player and spoken text). */
  extraColumns?: readonly { heading: string; Cell: ComponentType<{ row: Row; accountId: string }> }[];
  /** Replaces the generic add form (sounds are added by upload, recording or speech). */
  AddPanel?: ComponentType<{ accountId: string; onAdded(added: { name: string }): Promise<void> }>;
}

/** How every kind's list loads its pages: by cursor, keeping a page on screen while the next search loads. */
const pageAfter = { getNextPageParam: nextCursorOf, placeholderData: keepPreviousData };

const nameField = { name: "name", label: "Name", input: "text" } as const;

export const sipUserKind: ResourceKindSpec<RowOf<"sipUsers">, z.infer<typeof ZSipUserFields>> = {
  key: "sipUsers",
  title: "SIP users",
  singular: "SIP user",
  searches: "name",
  schema: ZSipUserFields,
  emptyValues: { name: "", hasMailbox: false },
  fields: [
    nameField,
    { name: "extension", label: "Extension", input: "number" },
    { name: "hasMailbox", label: "Has a personal mailbox", heading: "Personal mailbox", input: "checkbox" },
  ],
  describe: (row) => row.name,
  procedures: (trpc) => ({
    pathKey: trpc.resources.sipUsers.pathKey(),
    create: trpc.resources.sipUsers.create.mutationOptions(),
    update: trpc.resources.sipUsers.update.mutationOptions(),
    delete: trpc.resources.sipUsers.delete.mutationOptions(),
  }),
  useList: (accountId, search) =>
    useInfiniteQuery(useTRPC().resources.sipUsers.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
};

export const huntGroupKind: ResourceKindSpec<RowOf<"huntGroups">, z.infer<typeof ZHuntGroupFields>> = {
  key: "huntGroups",
  title: "Hunt groups",
  singular: "hunt group",
  searches: "name",
  schema: ZHuntGroupFields,
  emptyValues: { name: "" },
  fields: [nameField, { name: "extension", label: "Extension", input: "number" }],
  describe: (row) => row.name,
  procedures: (trpc) => ({
    pathKey: trpc.resources.huntGroups.pathKey(),
    create: trpc.resources.huntGroups.create.mutationOptions(),
    update: trpc.resources.huntGroups.update.mutationOptions(),
    delete: trpc.resources.huntGroups.delete.mutationOptions(),
  }),
  useList: (accountId, search) =>
    useInfiniteQuery(useTRPC().resources.huntGroups.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
};

type NamedKindSpec = ResourceKindSpec<RowOf<"playlists" | "trunks">, z.infer<typeof ZNamedResourceFields>>;

/** Playlists and trunks: nothing but a name. */
function namedKind(
  key: "playlists" | "trunks",
  title: string,
  singular: string,
  procedures: NamedKindSpec["procedures"],
  useList: NamedKindSpec["useList"],
): NamedKindSpec {
  return {
    key,
    title,
    singular,
    searches: "name",
    schema: ZNamedResourceFields,
    emptyValues: { name: "" },
    fields: [nameField],
    describe: (row) => row.name,
    procedures,
    useList,
  };
}

/** Sounds: a name to edit, and audio that is uploaded, recorded or spoken, then played here. */
export const soundKind: ResourceKindSpec<RowOf<"sounds">, z.infer<typeof ZNamedResourceFields>> = {
  key: "sounds",
  title: "Sounds",
  singular: "sound",
  searches: "name",
  schema: ZNamedResourceFields,
  emptyValues: { name: "" },
  fields: [nameField],
  describe: (row) => row.name,
  procedures: (trpc) => ({
    pathKey: trpc.resources.sounds.pathKey(),
    create: trpc.resources.sounds.create.mutationOptions(),
    update: trpc.resources.sounds.update.mutationOptions(),
    delete: trpc.resources.sounds.delete.mutationOptions(),
  }),
  useList: (accountId, search) =>
    useInfiniteQuery(useTRPC().resources.sounds.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
  extraColumns: SOUND_COLUMNS,
  AddPanel: AddSound,
};

export const playlistKind = namedKind(
  "playlists",
  "Playlists",
  "playlist",
  (trpc) => ({
    pathKey: trpc.resources.playlists.pathKey(),
    create: trpc.resources.playlists.create.mutationOptions(),
    update: trpc.resources.playlists.update.mutationOptions(),
    delete: trpc.resources.playlists.delete.mutationOptions(),
  }),
  (accountId, search) =>
    useInfiniteQuery(useTRPC().resources.playlists.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
);

export const trunkKind = namedKind(
  "trunks",
  "Trunks",
  "trunk",
  (trpc) => ({
    pathKey: trpc.resources.trunks.pathKey(),
    create: trpc.resources.trunks.create.mutationOptions(),
    update: trpc.resources.trunks.update.mutationOptions(),
    delete: trpc.resources.trunks.delete.mutationOptions(),
  }),
  (accountId, search) => useInfiniteQuery(useTRPC().resources.trunks.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
);

export const mailboxKind: ResourceKindSpec<RowOf<"mailboxes">, z.infer<typeof ZMailboxFields>> = {
  key: "mailboxes",
  title: "Mailboxes",
  singular: "mailbox",
  searches: "name",
  schema: ZMailboxFields,
  emptyValues: { name: "" },
  fields: [nameField, { name: "boxNumber", label: "Box number", input: "number" }],
  describe: (row) => row.name,
  procedures: (trpc) => ({
    pathKey: trpc.resources.mailboxes.pathKey(),
    create: trpc.resources.mailboxes.create.mutationOptions(),
    update: trpc.resources.mailboxes.update.mutationOptions(),
    delete: trpc.resources.mailboxes.delete.mutationOptions(),
  }),
  useList: (accountId, search) =>
    useInfiniteQuery(useTRPC().resources.mailboxes.list.infiniteQueryOptions({ accountId, search }, pageAfter)),
};
