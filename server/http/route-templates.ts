import { readdirSync } from "node:fs";
import path from "node:path";
import { VOIP_ROUTES } from "@/server/rest/routes";

// ─── ROUTE LABELS ARE BOUNDED ─── Logs and metrics group requests by route template. Only the
// templates the portal really has can be labels: its pages and route handlers (read from app/,
// as Next routes them), the REST API's routes and the light router's own paths. Any other path,
// whatever its status, is `other`, so a client inventing paths cannot add series to /metrics.

const OTHER_ROUTE = "other";

/** Paths the portal's own server answers without Next (server/http/lean-app.ts). */
const LEAN_TEMPLATES = ["/voip", "/voip/openapi.json", "/healthz", "/readyz", "/metrics", "/brand/{ownerId}/{image}"];

/** Next's metadata files in app/, served at their own name (app/icon.svg is /icon.svg). */
const METADATA_FILE = /^(icon|apple-icon|favicon|opengraph-image|twitter-image|robots|sitemap|manifest)\.\w+$/;

type Template = { label: string; segments: string[]; staticSegments: number };

/** `(group)` folders vanish from the URL; `[id]` is one segment, `[...rest]` one or more. */
function appTemplates(appDir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(appDir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  const templates: string[] = [];
  for (const file of files) {
    const parts = file.split(path.sep);
    const name = parts.pop()!;
    const isPage = /^(page|route)\.(tsx?|jsx?)$/.test(name);
    if (!isPage && !METADATA_FILE.test(name)) continue;
    const segments = parts
      .filter((part) => !/^\(.*\)$/.test(part))
      .map((part) => part.replace(/^\[\[?(\.\.\.)?(\w+)\]?\]$/, "{$1$2}"));
    if (!isPage) segments.push(name);
    templates.push(`/${segments.join("/")}`);
  }
  return templates;
}

function compile(label: string): Template {
  const segments = label.split("/").filter(Boolean);
  return { label, segments, staticSegments: segments.filter((segment) => !segment.startsWith("{")).length };
}

function matches(template: Template, parts: string[]): boolean {
  const { segments } = template;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith("{...")) return parts.length > i;
    if (i >= parts.length) return false;
    if (!segment.startsWith("{") && segment !== parts[i]) return false;
  }
  return parts.length === segments.length;
}

let known: Template[] | undefined;

function knownTemplates(): Template[] {
  known ??= [
    ...new Set([
      ...LEAN_TEMPLATES,
      ...VOIP_ROUTES.map((route) => route.path.replace(/:(\w+)/g, "{$1}")),
      ...appTemplates(path.join(process.cwd(), "app")),
    ]),
  ]
    .map(compile)
    // The most specific first: /flows/new before /flows/{flowId}.
    .sort((a, b) => b.staticSegments - a.staticSegments || b.segments.length - a.segments.length);
  return known;
}

/** The template a path belongs to, or `other`. Next's own assets share one label. */
export function routeTemplateOf(urlPath: string): string {
  if (urlPath.startsWith("/_next/")) return "/_next/*";
  const parts = urlPath.split("/").filter(Boolean);
  // "/customers/" is not "/customers": Next redirects it, and it is not a template.
  if (urlPath.length > 1 && urlPath.endsWith("/")) return OTHER_ROUTE;
  return knownTemplates().find((template) => matches(template, parts))?.label ?? OTHER_ROUTE;
}
