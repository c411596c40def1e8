import { expect, test, type Locator } from "@playwright/test";
import { MODULE_REGISTRY, MODULE_TYPES, type ModuleType } from "@/server/domain/call-flow";
import {
  acmeResources,
  expectFormShows,
  fetchFlow,
  FlowEditorPage,
  uniqueName,
  type AcmeResources,
  type FlowModule,
} from "./flow-editor-page";

/**
 * Every module type, built in its form with the pickers, saved, and read back twice: through
 * the REST API (the JSON the picks amount to) and in the reloaded form (which shows that JSON).
 */

type ModuleCase = {
  /** Builds a flow around one module of `type`; returns its key and the JSON the picks amount to. */
  build: (editor: FlowEditorPage, acme: AcmeResources) => Promise<{ key: string; module: FlowModule }>;
  /** What the module's form shows for a stored module: field label to value (checkbox: ticked). */
  shows: (module: FlowModule, acme: AcmeResources) => Record<string, string | boolean>;
};

/** The start module's form is open on a new flow; most cases start by routing it to their module. */
async function routeStartToNew(editor: FlowEditorPage, type: ModuleType): Promise<{ key: string; form: Locator }> {
  const key = await editor.routeToNew(editor.moduleForm("start"), "Then go to", type);
  return { key, form: await editor.open(type, key) };
}

const text = (value: unknown): string => String(value ?? "");
const branch = (module: FlowModule, name: string): string => text((module.next as Record<string, unknown>)[name]);

/** One case per module type: the compiler sees to it that none is left out. */
const MODULE_CASES: Record<ModuleType, ModuleCase> = {
  start: {
    async build(editor) {
      const start = editor.moduleForm("start");
      const key = await editor.keyOf(start);
      const busy = await editor.routeToNew(start, "Then go to", "busy");
      return { key, module: { module: "start", next: busy } };
    },
    shows: (module) => ({ "Then go to": text(module.next) }),
  },
  recording: {
    async build(editor) {
      const { key, form } = await routeStartToNew(editor, "recording");
      const busy = await editor.routeToNew(form, "Then go to", "busy");
      return { key, module: { module: "recording", next: busy } };
    },
    shows: (module) => ({ "Then go to": text(module.next) }),
  },
  musiconhold: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "musiconhold");
      await form.getByLabel("Hold music playlist").selectOption({ label: "Acme hold music" });
      const busy = await editor.routeToNew(form, "Then go to", "busy");
      return { key, module: { module: "musiconhold", class: acme["Acme hold music"], next: busy } };
    },
    shows: (module) => ({ "Hold music playlist": text(module.class), "Then go to": text(module.next) }),
  },
  calleridmatch: {
    async build(editor) {
      const { key, form } = await routeStartToNew(editor, "calleridmatch");
      await form.getByLabel("Pattern 1", { exact: true }).fill("^44800");
      await form.getByRole("button", { name: "Add pattern" }).click();
      await form.getByLabel("Pattern 2", { exact: true }).fill("9000$");
      const busy = await editor.routeToNew(form, "When a pattern matches, go to", "busy");
      await form.getByLabel("When no pattern matches, go to").selectOption(busy);
      return { key, module: { module: "calleridmatch", patterns: ["^44800", "9000$"], match: busy, nomatch: busy } };
    },
    shows: (module) => {
      const [first, second] = module.patterns as string[];
      return {
        "Pattern 1": text(first),
        "Pattern 2": text(second),
        "When a pattern matches, go to": text(module.match),
        "When no pattern matches, go to": text(module.nomatch),
      };
    },
  },
  play: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "play");
      await form.getByLabel("Sound", { exact: true }).selectOption({ label: "Acme welcome greeting" });
      const busy = await editor.routeToNew(form, "Then go to", "busy");
      return { key, module: { module: "play", sound: acme["Acme welcome greeting"], next: busy } };
    },
    shows: (module) => ({ Sound: text(module.sound), "Then go to": text(module.next) }),
  },
  extension: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "extension");
      await form.getByLabel("Target 1 SIP user").selectOption({ label: "Acme Sales (ext 202)" });
      await form.getByRole("button", { name: "Add target" }).click();
      await form.getByLabel("Target 2 type").selectOption({ label: "Hunt group" });
      await form.getByLabel("Target 2 hunt group").selectOption({ label: "Acme Support (ext 300)" });
      await form.getByRole("button", { name: "Add target" }).click();
      await form.getByLabel("Target 3 type").selectOption({ label: "Forward number" });
      await form.getByLabel("Target 3 number").fill("+441632960000");
      await form.getByLabel("How long the extensions ring before the call follows noanswer (seconds)").fill("25");
      await form.getByLabel("Ringtone (sound or playlist)").selectOption({ label: "Acme hold music" });
      await form.getByLabel("Call whisper (sound)").selectOption({ label: "Acme out of hours" });
      const busy = await editor.routeToNew(form, "When nobody answers, go to", "busy");
      return {
        key,
        module: {
          module: "extension",
          extensions: [
            { type: "sipuser", uuid: acme["Acme Sales"] },
            { type: "huntgroup", uuid: acme["Acme Support"] },
            { type: "forward", number: "+441632960000" },
          ],
          duration: 25,
          ringtone: acme["Acme hold music"],
          announcement: acme["Acme out of hours"],
          noanswer: busy,
        },
      };
    },
    shows: (module) => {
      const [sipUser, huntGroup, forward] = module.extensions as Record<string, string>[];
      return {
        "Target 1 type": text(sipUser?.type),
        "Target 1 SIP user": text(sipUser?.uuid),
        "Target 2 type": text(huntGroup?.type),
        "Target 2 hunt group": text(huntGroup?.uuid),
        "Target 3 type": text(forward?.type),
        "Target 3 number": text(forward?.number),
        "How long the extensions ring before the call follows noanswer (seconds)": text(module.duration),
        "Ringtone (sound or playlist)": text(module.ringtone),
        "Call whisper (sound)": text(module.announcement),
        "When nobody answers, go to": text(module.noanswer),
      };
    },
  },
  pressextension: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "pressextension");
      await form.getByLabel("Menu prompt (sound)").selectOption({ label: "Acme welcome greeting" });
      await form.getByLabel("How long the menu waits for a key before following timeout (seconds)").fill("5");
      const busy = await editor.routeToNew(form, "Key 1", "busy");
      await form.getByLabel("New branch").selectOption({ label: "Key 2" });
      await form.getByRole("button", { name: "Add branch" }).click();
      for (const route of ["Key 2", "On invalid input", "On timeout"])
        await form.getByLabel(route, { exact: true }).selectOption(busy);
      return {
        key,
        module: {
          module: "pressextension",
          sound: acme["Acme welcome greeting"],
          duration: 5,
          next: { "1": busy, "2": busy, invalid: busy, timeout: busy },
        },
      };
    },
    shows: (module) => ({
      "Menu prompt (sound)": text(module.sound),
      "How long the menu waits for a key before following timeout (seconds)": text(module.duration),
      "Key 1": branch(module, "1"),
      "Key 2": branch(module, "2"),
      "On invalid input": branch(module, "invalid"),
      "On timeout": branch(module, "timeout"),
    }),
  },
  dialbyextension: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "dialbyextension");
      await form.getByLabel("Prompt (sound)").selectOption({ label: "Acme out of hours" });
      await form.getByLabel("Hold music while ringing (sound or playlist)").selectOption({ label: "Acme hold music" });
      await form.getByLabel("How long the menu waits for an extension number before following timeout (seconds)").fill("15");
      await form.getByLabel("How long the dialled extension rings before the call follows noanswer (seconds)").fill("20");
      const busy = await editor.routeToNew(form, "On invalid input", "busy");
      await form.getByLabel("On timeout").selectOption(busy);
      // A new module sends unanswered calls to the dialled user's voicemail until told otherwise.
      await expect(form.getByLabel("When the dialled user does not answer")).toHaveValue("sipuser_voicemail");
      return {
        key,
        module: {
          module: "dialbyextension",
          sound: acme["Acme out of hours"],
          ringtone: acme["Acme hold music"],
          wait_duration: 15,
          dial_duration: 20,
          next: { invalid: busy, timeout: busy },
          noanswer: "sipuser_voicemail",
        },
      };
    },
    shows: (module) => ({
      "Prompt (sound)": text(module.sound),
      "Hold music while ringing (sound or playlist)": text(module.ringtone),
      "How long the menu waits for an extension number before following timeout (seconds)": text(module.wait_duration),
      "How long the dialled extension rings before the call follows noanswer (seconds)": text(module.dial_duration),
      "On invalid input": branch(module, "invalid"),
      "On timeout": branch(module, "timeout"),
      "When the dialled user does not answer": text(module.noanswer),
    }),
  },
  busy: {
    async build(editor) {
      const { key, form } = await routeStartToNew(editor, "busy");
      await form.getByLabel("How long the busy tone plays before hanging up (seconds)").fill("7");
      return { key, module: { module: "busy", duration: 7 } };
    },
    shows: (module) => ({ "How long the busy tone plays before hanging up (seconds)": text(module.duration) }),
  },
  voicemail: {
    // Added with the "Add a module" bar, then routed to from start's picker.
    async build(editor, acme) {
      const startKey = await editor.keyOf(editor.moduleForm("start"));
      const key = await editor.addModule("voicemail");
      await editor.moduleForm("voicemail").getByLabel("Acme general mailbox (box 1)").check();
      const start = await editor.open("start", startKey);
      await start.getByLabel("Then go to").selectOption(key);
      return { key, module: { module: "voicemail", mailboxes: [acme["Acme general mailbox"]] } };
    },
    shows: (module, acme) => ({
      "Acme general mailbox (box 1)": (module.mailboxes as unknown[]).includes(acme["Acme general mailbox"]),
    }),
  },
  conference: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "conference");
      await form.getByLabel("PIN").fill("4321");
      await form.getByLabel("Announcement on joining (sound)").selectOption({ label: "Acme welcome greeting" });
      await form.getByLabel("Music while alone (playlist)").selectOption({ label: "Acme hold music" });
      return {
        key,
        module: {
          module: "conference",
          pin: "4321",
          announcement: acme["Acme welcome greeting"],
          music: acme["Acme hold music"],
        },
      };
    },
    shows: (module) => ({
      PIN: text(module.pin),
      "Announcement on joining (sound)": text(module.announcement),
      "Music while alone (playlist)": text(module.music),
    }),
  },
  Trunk: {
    async build(editor, acme) {
      const { key, form } = await routeStartToNew(editor, "Trunk");
      await form.getByLabel("Trunk", { exact: true }).selectOption({ label: "Acme PBX trunk" });
      return { key, module: { module: "Trunk", uuid: acme["Acme PBX trunk"] } };
    },
    shows: (module) => ({ Trunk: text(module.uuid) }),
  },
  fax: {
    async build(editor) {
      const { key, form } = await routeStartToNew(editor, "fax");
      await expect(form).toContainText("A fax module has no settings.");
      return { key, module: { module: "fax" } };
    },
    shows: () => ({}),
  },
};

// Each case has an extension of its own, far from the next free ones other tests' flows take.
const FIRST_EXTENSION = 900;

MODULE_TYPES.forEach((type, index) => {
  const moduleCase = MODULE_CASES[type];
  const title = MODULE_REGISTRY[type].label;
  test(`${title} (${type}): built with the pickers, stored as its form shows it`, async ({ page, request }) => {
    const acme = await acmeResources(request);
    const editor = await FlowEditorPage.createNew(page);
    const settings = { name: uniqueName(`E2E ${title}`), extension: FIRST_EXTENSION + index };
    await editor.fillSettings(settings);
    const built = await moduleCase.build(editor, acme);
    await expect(editor.status).toHaveText("Unsaved changes");
    const flowId = await editor.saveNew();

    const stored = await fetchFlow(request, flowId);
    expect(stored).toMatchObject(settings);
    expect(stored.flow[built.key]).toEqual(built.module);

    await page.reload();
    await expect((await editor.openSettings()).getByLabel("Name", { exact: true })).toHaveValue(stored.name);
    await expect((await editor.openSettings()).getByLabel("Extension", { exact: true })).toHaveValue(String(stored.extension));
    const form = await editor.open(type, built.key);
    await expectFormShows(form, moduleCase.shows(stored.flow[built.key] ?? {}, acme));
  });
});
