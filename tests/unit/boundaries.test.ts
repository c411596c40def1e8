import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// ─── IMPORT BOUNDARIES, FOLLOWED THROUGH EVERY FILE ─── Biome's noRestrictedImports (biome.json)
// checks the imports a file writes; these tests follow them transitively, the way a bundler does:
// a component that imports a schema that imports the database reaches the database too.
// Type-only imports vanish at compile time, so they do not count.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mjs"];

const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** What a file imports at run time: project files by path (relative to the root), packages by name. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(VALUE_IMPORT), ...text.matchAll(DYNAMIC_IMPORT)].map((match) => match[1] as string);
  const files: string[] = [];
  const packages: string[] = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith("@/") || specifier.startsWith(".")) {
      const base = specifier.startsWith("@/") ? specifier.slice(2) : path.join(path.dirname(file), specifier);
      files.push(resolveProjectFile(base, `${file} imports "${specifier}"`));
    } else {
      packages.push(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] as string));
    }
  }
  return { files, packages };
}

function resolveProjectFile(base: string, where: string): string {
  const candidates = [
    base,
    ...SOURCE_EXTENSIONS.map((extension) => base + extension),
    ...SOURCE_EXTENSIONS.map((extension) => path.join(base, `index${extension}`)),
  ];
  const found = candidates.find((candidate) => {
    const absolute = path.join(ROOT, candidate);
    return existsSync(absolute) && statSync(absolute).isFile();
  });
  if (!found) throw new Error(`cannot resolve: ${where}`);
  return path.normalize(found);
}

function sourceFilesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => SOURCE_EXTENSIONS.some((extension) => name.endsWith(extension)) && !name.endsWith(".d.ts"))
    .map((name) => path.join(folder, name));
}

type Reach = { files: Set<string>; packages: Set<string>; via: Map<string, string> };

/** Every project file and package reachable from the start files, and for each file who imports it. */
function reachFrom(start: readonly string[]): Reach {
  const reach: Reach = { files: new Set(start), packages: new Set(), via: new Map() };
  const pending = [...start];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (file.startsWith("server/generated/")) continue;
    const imports = importsOf(file);
    for (const name of imports.packages) reach.packages.add(name);
    for (const next of imports.files) {
      if (reach.files.has(next)) continue;
      reach.files.add(next);
      reach.via.set(next, file);
      pending.push(next);
    }
  }
  return reach;
}

/** `a.ts → b.ts → c.ts`: how a start file reaches `file`. */
function chainTo(reach: Reach, file: string): string {
  const chain = [file];
  for (let step = reach.via.get(file); step !== undefined; step = reach.via.get(step)) chain.unshift(step);
  return chain.join(" → ");
}

const DATABASE_PACKAGES = [
  "@prisma/client",
  "@prisma/adapter-pg",
  "pg",
  "pg-boss",
  "@electric-sql/pglite",
  "pglite-prisma-adapter",
];
const reachesDatabase = (file: string) => file.startsWith("server/db/") || file.startsWith("server/generated/");
const MARKED_SERVER_ONLY = /^\s*import\s+["']server-only["'];?\s*$/m;

/** The files package.json's scripts run with tsx or `node --import tsx`: every way a process starts. */
function scriptEntryPoints(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const entries = Object.values(scripts).flatMap((line) => line.split(/\s+/).filter((word) => /\.tsx?$/.test(word)));
  return [...new Set(entries)].map((file) => resolveProjectFile(file, `package.json runs ${file}`));
}

/** The layers above the services: the APIs and the HTTP server. */
const API_LAYERS = ["server/rest/", "server/routers/", "server/trpc/", "server/http/"];

/**
 * The import cycles among `files`, each as `a.ts → b.ts → a.ts`: the strongly connected
 * components of the import graph (Tarjan) that hold more than one file, or a file importing itself.
 */
function importCycles(files: readonly string[], importedBy = (file: string) => importsOf(file).files): string[] {
  const inScope = new Set(files);
  const edges = new Map(files.map((file) => [file, importedBy(file).filter((next) => inScope.has(next))]));
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    order.set(file, order.size);
    lowest.set(file, order.get(file)!);
    stack.push(file);
    for (const next of edges.get(file)!) {
      if (!order.has(next)) {
        visit(next);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(next)!));
      } else if (stack.includes(next)) {
        lowest.set(file, Math.min(lowest.get(file)!, order.get(next)!));
      }
    }
    if (lowest.get(file) !== order.get(file)) return;
    const component = stack.splice(stack.indexOf(file));
    if (component.length > 1 || edges.get(file)!.includes(file)) cycles.push([...component, file].join(" → "));
  };
  for (const file of files) if (!order.has(file)) visit(file);
  return cycles;
}

describe("import boundaries", () => {
  const components = reachFrom(sourceFilesUnder("components"));

  it("server/domain imports only other domain modules and no database, Next or React", () => {
    for (const file of sourceFilesUnder("server/domain")) {
      const reach = reachFrom([file]);
      const outside = [...reach.files].filter((reached) => !reached.startsWith("server/domain/"));
      expect(outside.map((reached) => chainTo(reach, reached))).toEqual([]);
      const forbidden = [...reach.packages].filter((name) => ["next", "react", "react-dom", ...DATABASE_PACKAGES].includes(name));
      expect({ file, packages: forbidden }).toEqual({ file, packages: [] });
    }
  });

  it("server/services reach neither the APIs nor the HTTP server (server/rest, routers, trpc, http)", () => {
    const services = reachFrom(sourceFilesUnder("server/services"));
    const apis = [...services.files].filter((file) => API_LAYERS.some((folder) => file.startsWith(folder)));
    expect(apis.map((file) => chainTo(services, file))).toEqual([]);
  });

  it("no server module imports itself back through others (no import cycles)", () => {
    expect(importCycles(sourceFilesUnder("server").filter((file) => !file.startsWith("server/generated/")))).toEqual([]);
  });

  it("components reach nothing that reaches the database", () => {
    const database = [...components.files].filter(reachesDatabase);
    expect(database.map((file) => chainTo(components, file))).toEqual([]);
    expect([...components.packages].filter((name) => DATABASE_PACKAGES.includes(name))).toEqual([]);
  });

  // ─── WHERE THE server-only MARKER STANDS ─── `import "server-only"` makes Next's build fail
  // when a browser component imports the module, and throws in any plain Node process. So it
  // stands only at the seam where Next's own routes enter the server (sessions, the server-side
  // tRPC caller): modules that no process entry point loads. The database and every other server
  // module stay out of the browser through the transitive check above.
  const processEntries = [
    ...scriptEntryPoints(),
    "playwright.config.ts",
    ...sourceFilesUnder("tests/e2e"),
    ...sourceFilesUnder("bench"),
    ...sourceFilesUnder("prisma").filter((file) => !file.startsWith("prisma/migrations/")),
  ];
  const processes = reachFrom(processEntries);
  const isMarked = (file: string) => MARKED_SERVER_ONLY.test(readFileSync(path.join(ROOT, file), "utf8"));

  it("no process entry point (npm scripts, the launch, benchmarks, e2e specs) reaches a module marked server-only", () => {
    expect(processEntries).toContain("server/http/main.ts");
    const marked = [...processes.files].filter(isMarked);
    expect(marked.map((file) => chainTo(processes, file))).toEqual([]);
  });

  it("the marker stands on exactly the server modules that only Next's server routes load", () => {
    const nextOnly = reachFrom([...sourceFilesUnder("app"), "proxy.ts", "instrumentation.ts"]);
    const seam = [...nextOnly.files]
      .filter((file) => file.startsWith("server/") && !processes.files.has(file) && !components.files.has(file))
      .sort();
    const markedServerModules = sourceFilesUnder("server").filter(isMarked).sort();
    expect(markedServerModules).toEqual(seam);
    expect([...components.files].filter(isMarked)).toEqual([]);
  });

  it("follows imports transitively and ignores type-only imports (the checks above can fail)", () => {
    const reach = reachFrom(["server/services/call-flows/call-flows.ts"]);
    expect([...reach.files].some(reachesDatabase)).toBe(true);
    const graph: Record<string, string[]> = { "a.ts": ["b.ts"], "b.ts": ["c.ts", "d.ts"], "c.ts": ["a.ts"], "d.ts": ["d.ts"] };
    expect(importCycles(Object.keys(graph), (file) => graph[file]!).sort()).toEqual(["a.ts → b.ts → c.ts → a.ts", "d.ts → d.ts"]);
    expect(importsOf("tests/unit/boundaries.test.ts").packages).toContain("vitest");
  });
});
