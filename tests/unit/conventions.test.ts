import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// ─── THE README'S CONVENTIONS, CHECKED ─── ("Layout"): where a service starts, and what its
// functions take. Read with TypeScript's parser alone (no type-checking), so it stays cheap.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SERVICES = "server/services";

function filesUnder(folder: string, extensions = [".ts", ".tsx"]): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((name) => extensions.some((extension) => name.endsWith(extension)) && !name.endsWith(".d.ts"))
    .map((name) => path.join(folder, name));
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
}

const serviceFolders = readdirSync(path.join(ROOT, SERVICES)).filter((name) =>
  statSync(path.join(ROOT, SERVICES, name)).isDirectory(),
);

describe("service folders", () => {
  it("each starts from the file named after it, as its router is (users/users.ts, call-flows/call-flows.ts)", () => {
    const withoutEntry = serviceFolders.filter((folder) => !existsSync(path.join(ROOT, SERVICES, folder, `${folder}.ts`)));
    expect(withoutEntry).toEqual([]);
  });

  it("name no file after a role instead of what it holds", () => {
    const GENERIC = new Set(["store", "service", "services", "index", "utils", "helpers", "common", "lib", "misc"]);
    const generic = filesUnder(SERVICES).filter((file) => GENERIC.has(path.basename(file).replace(/\.tsx?$/, "")));
    expect(generic).toEqual([]);
  });
});

type Callable = { file: string; name: string; parameters: readonly ts.ParameterDeclaration[] };

/** Functions a service offers: exported ones, and the methods of the service objects it builds. */
function serviceCallables(file: string): Callable[] {
  const source = parse(file);
  const found: Callable[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name && isExported(node)) {
      found.push({ file, name: node.name.text, parameters: node.parameters });
    } else if (ts.isVariableStatement(node) && isExported(node)) {
      for (const declaration of node.declarationList.declarations) {
        const value = declaration.initializer;
        if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) {
          found.push({ file, name: declaration.name.getText(source), parameters: value.parameters });
        }
      }
    } else if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) {
      found.push({ file, name: node.name.getText(source), parameters: node.parameters });
    } else if (
      ts.isPropertyAssignment(node) &&
      ts.isObjectLiteralExpression(node.parent) &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      found.push({ file, name: node.name.getText(source), parameters: node.initializer.parameters });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const typeOf = (parameter: ts.ParameterDeclaration | undefined) => parameter?.type?.getText() ?? "";
const nameOf = (parameter: ts.ParameterDeclaration | undefined) =>
  parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : "";
const isTransaction = (parameter: ts.ParameterDeclaration | undefined) => /^(tx|client)$/.test(nameOf(parameter));

/** Helpers about the principal itself, not services acting for it. */
const ABOUT_THE_PRINCIPAL: Record<string, string> = {
  actorLabel: "the label the audit trail keeps for a principal",
  requireLibrary: "refuses customers before any template operation",
  requirePlanOwner: "refuses customers before any plan operation",
};

const callables = filesUnder(SERVICES).flatMap(serviceCallables);

describe("service signatures: fn(ctx, input), or fn(tx, account, …) inside a caller's transaction", () => {
  it("found the services to check", () => {
    expect(callables.map((callable) => callable.name)).toEqual(
      expect.arrayContaining(["createCallFlow", "listCustomers", "all"]),
    );
  });

  it("take who is asking in the request context, never as a bare principal", () => {
    const bare = callables
      .filter(
        ({ parameters: [first] }) =>
          /^(actor|principal|userRequest)$/.test(nameOf(first)) || /^(Principal|Actor)$/.test(typeOf(first)),
      )
      .filter(({ name }) => !(name in ABOUT_THE_PRINCIPAL))
      .map(({ file, name }) => `${file}: ${name}`);
    expect(bare).toEqual([]);
  });

  it("take the account they act on as the ActingAccount looked up within reach, not as an id first", () => {
    const byId = callables
      .filter(({ parameters: [first] }) => nameOf(first) === "accountId")
      .map(({ file, name }) => `${file}: ${name}`);
    expect(byId).toEqual([]);
  });

  it("take the request context first, or right after the transaction they run in", () => {
    const misplaced = callables
      .filter(({ parameters }) =>
        parameters.some((parameter, index) => {
          if (!/^RequestContext\b/.test(typeOf(parameter))) return false;
          return !(index === 0 || (index === 1 && isTransaction(parameters[0])));
        }),
      )
      .map(({ file, name }) => `${file}: ${name}`);
    expect(misplaced).toEqual([]);
  });
});

/** Calls of functions imported from server/services, with the text of each argument. */
function serviceCalls(file: string): { callee: string; args: string[] }[] {
  const source = parse(file);
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    if (!(statement.moduleSpecifier as ts.StringLiteral).text.startsWith("@/server/services/")) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) imported.add(element.name.text);
  }
  const calls: { callee: string; args: string[] }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      let root: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(root)) root = root.expression;
      if (ts.isIdentifier(root) && imported.has(root.text)) {
        calls.push({ callee: node.expression.getText(source), args: node.arguments.map((arg) => arg.getText(source)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

describe("callers hand services the request context", () => {
  it("routers pass ctx.request; REST commands and routes pass their ctx, not the principal in it", () => {
    const callers = [...filesUnder("server/routers"), ...filesUnder("server/rest"), ...filesUnder("app")];
    const wrong = callers.flatMap((file) => {
      const forbidden = file.startsWith("server/routers/")
        ? ["ctx", "ctx.actor", "ctx.principal", "ctx.request.principal"]
        : ["ctx.actor", "ctx.principal"];
      return serviceCalls(file)
        .filter(({ callee, args }) => !(callee in ABOUT_THE_PRINCIPAL) && args.some((arg) => forbidden.includes(arg)))
        .map(({ callee, args }) => `${file}: ${callee}(${args.join(", ")})`);
    });
    expect(wrong).toEqual([]);
  });
});
