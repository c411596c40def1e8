import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Browser, type Locator, type Page } from "@playwright/test";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import { confirmWith, signInAndWait } from "./helpers";

/** The REST API's demo credentials, acting for acme. */
export const ACME_API_HEADERS = {
  "X-Auth-Reseller": "demo-reseller",
  "X-Auth-User": "api",
  "X-Auth-Password": "demo-api-password",
  "X-Auth-For": "acme",
};

export type FlowModule = Record<string, unknown>;

/** A call flow as the REST API returns it. */
type ApiCallFlow = {
  uuid: string;
  name: string;
  extension: number;
  flow: Record<string, FlowModule>;
  show_call_route_name: boolean;
  show_original_caller_id: boolean;
  created_on: string;
  updated_on: string;
};

type FlowDocument = Pick<ApiCallFlow, "name" | "extension" | "flow"> &
  Partial<Pick<ApiCallFlow, "show_call_route_name" | "show_original_caller_id">>;

const FLOW_URL = /\/accounts\/([0-9a-f-]{36})\/flows\/([0-9a-f-]{36})$/;

/** A name no other test (or earlier run against the same server) uses. */
export function uniqueName(what: string): string {
  return `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function fetchFlow(request: APIRequestContext, uuid: string): Promise<ApiCallFlow> {
  const response = await request.get(`/voip/flow/${uuid}`, { headers: ACME_API_HEADERS });
  expect(response.status(), `GET /voip/flow/${uuid}`).toBe(200);
  return ((await response.json()) as { result: ApiCallFlow }).result;
}

export async function createFlow(request: APIRequestContext, document: FlowDocument): Promise<ApiCallFlow> {
  const response = await request.post("/voip/flow", { headers: ACME_API_HEADERS, data: document });
  expect(response.status(), `POST /voip/flow: ${await response.text()}`).toBe(201);
  return ((await response.json()) as { result: ApiCallFlow }).result;
}

/** acme's resources by name (names are unique across its lists), read through the REST API. */
export type AcmeResources = Record<string, string>;

export async function acmeResources(request: APIRequestContext): Promise<AcmeResources> {
  const byName: AcmeResources = {};
  for (const list of ["user", "group", "sound", "playlist", "mailbox", "trunk"]) {
    const response = await request.get(`/voip/${list}`, { headers: ACME_API_HEADERS });
    expect(response.status(), `GET /voip/${list}`).toBe(200);
    for (const row of ((await response.json()) as { result: { name: string; uuid: string }[] }).result)
      byName[row.name] = row.uuid;
  }
  return byName;
}

/** A small valid flow of acme's: start, a greeting, a busy tone. */
export function greetingFlow(acme: AcmeResources, settings: { name: string; extension: number }) {
  const keys = { start: randomUUID(), play: randomUUID(), busy: randomUUID() };
  const document: FlowDocument = {
    ...settings,
    flow: {
      [keys.start]: { module: "start", next: keys.play },
      [keys.play]: { module: "play", sound: acme["Acme welcome greeting"], next: keys.busy },
      [keys.busy]: { module: "busy" },
    },
  };
  return { keys, document };
}

/** Signs in as a customer and opens the account's call-flow list from the sidebar; returns the account's id. */
export async function signInToOwnFlows(page: Page, email = "owner@acme.example"): Promise<string> {
  await signInAndWait(page, email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Call flows", exact: true }).click();
  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]+\/flows$/);
  const accountId = new URL(page.url()).pathname.split("/")[2];
  if (!accountId) throw new Error(`no account id in ${page.url()}`);
  return accountId;
}

/** The flow editor, driven the way a user drives it: settings, graph, module forms, tabs. */
export class FlowEditorPage {
  readonly settings: Locator;
  readonly status: Locator;
  readonly saveButton: Locator;
  readonly publishButton: Locator;
  readonly issues: Locator;

  constructor(readonly page: Page) {
    this.settings = page.getByRole("form", { name: "Call flow settings" });
    this.status = page.getByTestId("editor-status");
    // "Save" on a new flow (it becomes a draft-only flow), "Save draft" on a stored one.
    this.saveButton = page.getByRole("button", { name: /^Save( draft)?$/ });
    this.publishButton = page.getByRole("button", { name: "Publish", exact: true });
    this.issues = page.getByTestId("issues-panel");
  }

  /** From acme's call-flow list, opens a new flow and starts it blank; its start module's form is open. */
  static async createNew(page: Page): Promise<FlowEditorPage> {
    await signInToOwnFlows(page);
    await page.getByRole("link", { name: "New call flow" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New call flow");
    await page.getByRole("button", { name: /^Start blank/ }).click();
    const editor = new FlowEditorPage(page);
    await expect(editor.moduleForm("start")).toBeVisible();
    return editor;
  }

  /** Opens a stored flow of acme's in this page, signing in first. */
  static async open(page: Page, flowId: string): Promise<FlowEditorPage> {
    const accountId = await signInToOwnFlows(page);
    await page.goto(`/accounts/${accountId}/flows/${flowId}`);
    const editor = new FlowEditorPage(page);
    await expect(editor.status).toHaveText(/^Live \(version \d+\)$/);
    return editor;
  }

  /** Opens a stored flow in a browser context of its own, as another person would. */
  static async openInNewContext(browser: Browser, flowId: string): Promise<FlowEditorPage> {
    const context = await browser.newContext();
    return FlowEditorPage.open(await context.newPage(), flowId);
  }

  get flowId(): string {
    const match = FLOW_URL.exec(new URL(this.page.url()).pathname);
    if (!match?.[2]) throw new Error(`no flow id in ${this.page.url()}`);
    return match[2];
  }

  tab(name: "Modules" | "Settings" | "Test call" | "History" | "Analytics" | "JSON"): Locator {
    return this.page.getByRole("tab", { name });
  }

  /** Shows the Settings tab of the side panel; returns the settings form. */
  async openSettings(): Promise<Locator> {
    await this.tab("Settings").click();
    await expect(this.settings).toBeVisible();
    return this.settings;
  }

  /** Shows the Modules tab of the side panel, where the selected module's form is. */
  async openModules(): Promise<void> {
    await this.tab("Modules").click();
    await expect(this.tab("Modules")).toHaveAttribute("aria-selected", "true");
  }

  moduleForm(type: ModuleType): Locator {
    return this.page.getByRole("form", { name: `${MODULE_REGISTRY[type].label} module` });
  }

  node(key: string): Locator {
    return this.page.getByTestId(`node-${key}`);
  }

  /** Fills the flow's name and extension in the Settings tab, then goes back to the Modules tab. */
  async fillSettings({ name, extension }: { name: string; extension: number }): Promise<void> {
    const settings = await this.openSettings();
    await settings.getByLabel("Name", { exact: true }).fill(name);
    await settings.getByLabel("Extension", { exact: true }).fill(String(extension));
    await this.openModules();
  }

  /** The key of the module whose form is shown (never on screen: the form carries it for tests). */
  async keyOf(form: Locator): Promise<string> {
    const key = await form.getAttribute("data-module-key");
    if (!key) throw new Error("the module form has no key");
    return key;
  }

  /** Clicks a module in the graph and returns its form. */
  async open(type: ModuleType, key: string): Promise<Locator> {
    await this.node(key).click();
    const form = this.moduleForm(type);
    await expect(form).toHaveAttribute("data-module-key", key);
    return form;
  }

  /** Points a route of `form` at a new module of `type` ("New: …" in the route's picker). */
  async routeToNew(form: Locator, route: string, type: ModuleType): Promise<string> {
    await this.openModules();
    const picker = form.getByLabel(route, { exact: true });
    await picker.selectOption({ label: `New: ${MODULE_REGISTRY[type].label}` });
    await expect(picker).toHaveValue(/^[0-9a-f-]{36}$/);
    const key = await picker.inputValue();
    await this.expectInView(key);
    return key;
  }

  /** Adds a module with the "Add a module" bar, which opens its form; returns its key. */
  async addModule(type: ModuleType): Promise<string> {
    await this.openModules();
    await this.page.getByLabel("Add a module").selectOption({ label: MODULE_REGISTRY[type].label });
    await this.page.getByRole("button", { name: "Add", exact: true }).click();
    const key = await this.keyOf(this.moduleForm(type));
    await this.expectInView(key);
    return key;
  }

  /** A new module must be drawn inside the graph's visible area: the editor asks the user to select it there. */
  async expectInView(key: string): Promise<void> {
    const graph = this.page.getByTestId("flow-graph");
    await expect
      .poll(
        async () => {
          const [node, view] = await Promise.all([this.node(key).boundingBox(), graph.boundingBox()]);
          if (!node || !view) return false;
          return (
            node.x >= view.x &&
            node.y >= view.y &&
            node.x + node.width <= view.x + view.width &&
            node.y + node.height <= view.y + view.height
          );
        },
        { message: `module ${key} is drawn inside the graph's view` },
      )
      .toBe(true);
  }

  /** Saves a new flow (a draft-only flow, on its own URL) and publishes it. Returns the flow's id. */
  async saveNew(): Promise<string> {
    await this.saveButton.click();
    await expect(this.page).toHaveURL(FLOW_URL);
    await expect(this.page.getByTestId("draft-banner")).toHaveText("Draft — not live (never published)");
    await this.save(1);
    return this.flowId;
  }

  /** Publishes the editor's draft (saving it first), confirming it: it becomes live as `expectedVersion`. */
  async save(expectedVersion: number): Promise<void> {
    await this.publishButton.click();
    await confirmWith(this.page, "Publish");
    await expect(this.status).toHaveText(`Live (version ${expectedVersion})`);
  }
}

/**
 * Asserts what a module form shows: each labelled field's value, or for a checkbox whether it
 * is ticked. Labels are matched exactly, as the user reads them.
 */
export async function expectFormShows(form: Locator, fields: Record<string, string | boolean>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) {
    const field = form.getByLabel(label, { exact: true });
    if (typeof value === "boolean") await expect(field, label).toBeChecked({ checked: value });
    else await expect(field, label).toHaveValue(value);
  }
}
