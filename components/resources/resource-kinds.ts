import type { ComponentType } from "react";
import type { UseMutationOptions, UseQueryOptions } from "@tanstack/react-query";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { TRPCQueryKey } from "@trpc/tanstack-react-query";
import type { DefaultValues, FieldValues, Path } from "react-hook-form";
import type { z } from "zod";
import type { useTRPC } from "@/components/trpc";
import {
  ZHuntGroupFields,
  ZMailboxFields,
  ZNamedResourceFields,
  ZPhoneNumberFields,
  ZSipUserFields,
} from "@/server/services/resources/schemas";
import type { AppRouter } from "@/server/trpc/root";
import { AddSound } from "@/components/sounds/add-sound";
import { SOUND_COLUMNS } from "@/components/sounds/sound-columns";

// What the Resources page knows of each kind: its words, its fields (the server's own schema) and
// its four procedures. One generic section (resource-section.tsx) renders every kind from this.

type Trpc = ReturnType<typeof useTRPC>;
type ResourceOutputs = inferRouterOutputs<AppRouter>["resources"];
type RowOf<Kind extends keyof ResourceOutputs> = ResourceOutputs[Kind]["list"][number];
type ResourceError = TRPCClientErrorLike<AppRouter>;

type AccountInput = { accountId: string };
type ResourceRef = AccountInput & { id: string };

/** The query and mutation options of one kind. tRPC's hooks need each kind's own procedures,
 * so every kind names them itself; their shapes are what the generic section relies on. */
export interface ResourceProcedures<Row, Values> {
  list: UseQueryOptions<Row[], ResourceError, Row[], TRPCQueryKey>;
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
  /** "flow" is a call flow of the account, or none. */
  input: "text" | "number" | "checkbox" | "flow";
};

export interface ResourceKindSpec<Row extends Values & { id: string }, Values extends FieldValues> {
  /** Unique on the page: test ids are built from it. */
  key: keyof ResourceOutputs;
  /** The section's heading: "SIP users". */
  title: string;
  /** One of them, as a sentence names it: "SIP user", "sound". */
  singular: string;
  schema: z.ZodType<Values, Values>;
  emptyValues: DefaultValues<Values>;
  fields: readonly ResourceField<Values>[];
  /** How messages and button names refer to one row. */
  describe(row: Row): string;
  procedures(trpc: Trpc, accountId: string): ResourceProcedures<Row, Values>;
  /** Read-only cells after the fields' (a sound's length, player and spoken text). */
  extraColumns?: readonly { heading: string; Cell: ComponentType<{ row: Row; accountId: string }> }[];
  /** Replaces the generic add form (sounds are added by upload, recording or speech). */
  AddPanel?: ComponentType<{ accountId: string; onAdded(added: { name: string }): Promise<void> }>;
}

const nameField = { name: "name", label: "Name", input: "text" } as const;

export const sipUserKind: ResourceKindSpec<RowOf<"sipUsers">, z.infer<typeof ZSipUserFields>> = {
  key: "sipUsers",
  title: "SIP users",
  singular: "SIP user",
  schema: ZSipUserFields,
  emptyValues: { name: "", hasMailbox: false },
  fields: [
    nameField,
    { name: "extension", label: "Extension", input: "number" },
    { name: "hasMailbox", label: "Has a personal mailbox", heading: "Personal mailbox", input: "checkbox" },
  ],
  describe: (row) => row.name,
  procedures: (trpc, accountId) => ({
    list: trpc.resources.sipUsers.list.queryOptions({ accountId }),
    create: trpc.resources.sipUsers.create.mutationOptions(),
    update: trpc.resources.sipUsers.update.mutationOptions(),
    delete: trpc.resources.sipUsers.delete.mutationOptions(),
  }),
};

export const huntGroupKind: ResourceKindSpec<RowOf<"huntGroups">, z.infer<typeof ZHuntGroupFields>> = {
  key: "huntGroups",
  title: "Hunt groups",
  singular: "hunt group",
  schema: ZHuntGroupFields,
  emptyValues: { name: "" },
  fields: [nameField, { name: "extension", label: "Extension", input: "number" }],
  describe: (row) => row.name,
  procedures: (trpc, accountId) => ({
    list: trpc.resources.huntGroups.list.queryOptions({ accountId }),
    create: trpc.resources.huntGroups.create.mutationOptions(),
    update: trpc.resources.huntGroups.update.mutationOptions(),
    delete: trpc.resources.huntGroups.delete.mutationOptions(),
  }),
};

type NamedKindSpec = ResourceKindSpec<RowOf<"playlists" | "trunks">, z.infer<typeof ZNamedResourceFields>>;

/** Playlists and trunks: nothing but a name. */
function namedKind(key: "playlists" | "trunks", title: string, singular: string, procedures: NamedKindSpec["procedures"]): NamedKindSpec {
  return { key, title, singular, schema: ZNamedResourceFields, emptyValues: { name: "" }, fields: [nameField], describe: (row) => row.name, procedures };
}

/** Sounds: a name to edit, and audio that is uploaded, recorded or spoken, then played here. */
export const soundKind: ResourceKindSpec<RowOf<"sounds">, z.infer<typeof ZNamedResourceFields>> = {
  key: "sounds",
  title: "Sounds",
  singular: "sound",
  schema: ZNamedResourceFields,
  emptyValues: { name: "" },
  fields: [nameField],
  describe: (row) => row.name,
  procedures: (trpc, accountId) => ({
    list: trpc.resources.sounds.list.queryOptions({ accountId }),
    create: trpc.resources.sounds.create.mutationOptions(),
    update: trpc.resources.sounds.update.mutationOptions(),
    delete: trpc.resources.sounds.delete.mutationOptions(),
  }),
  extraColumns: SOUND_COLUMNS,
  AddPanel: AddSound,
};

export const playlistKind = namedKind("playlists", "Playlists", "playlist", (trpc, accountId) => ({
  list: trpc.resources.playlists.list.queryOptions({ accountId }),
  create: trpc.resources.playlists.create.mutationOptions(),
  update: trpc.resources.playlists.update.mutationOptions(),
  delete: trpc.resources.playlists.delete.mutationOptions(),
}));

export const trunkKind = namedKind("trunks", "Trunks", "trunk", (trpc, accountId) => ({
  list: trpc.resources.trunks.list.queryOptions({ accountId }),
  create: trpc.resources.trunks.create.mutationOptions(),
  update: trpc.resources.trunks.update.mutationOptions(),
  delete: trpc.resources.trunks.delete.mutationOptions(),
}));

export const mailboxKind: ResourceKindSpec<RowOf<"mailboxes">, z.infer<typeof ZMailboxFields>> = {
  key: "mailboxes",
  title: "Mailboxes",
  singular: "mailbox",
  schema: ZMailboxFields,
  emptyValues: { name: "" },
  fields: [nameField, { name: "boxNumber", label: "Box number", input: "number" }],
  describe: (row) => row.name,
  procedures: (trpc, accountId) => ({
    list: trpc.resources.mailboxes.list.queryOptions({ accountId }),
    create: trpc.resources.mailboxes.create.mutationOptions(),
    update: trpc.resources.mailboxes.update.mutationOptions(),
    delete: trpc.resources.mailboxes.delete.mutationOptions(),
  }),
};

export const phoneNumberKind: ResourceKindSpec<RowOf<"phoneNumbers">, z.infer<typeof ZPhoneNumberFields>> = {
  key: "phoneNumbers",
  title: "Phone numbers",
  singular: "phone number",
  schema: ZPhoneNumberFields,
  emptyValues: { number: "", callFlowId: null },
  fields: [
    { name: "number", label: "Number", input: "text" },
    { name: "callFlowId", label: "Call flow", input: "flow" },
  ],
  describe: (row) => row.number,
  procedures: (trpc, accountId) => ({
    list: trpc.resources.phoneNumbers.list.queryOptions({ accountId }),
    create: trpc.resources.phoneNumbers.create.mutationOptions(),
    update: trpc.resources.phoneNumbers.update.mutationOptions(),
    delete: trpc.resources.phoneNumbers.delete.mutationOptions(),
  }),
};
