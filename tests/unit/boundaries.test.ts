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
    expect(importsOf("tests/unit/boundaries.test.ts").packages).toContain("vitest");
  });
});
