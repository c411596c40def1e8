// Resolve hook for processes that run our server modules outside Next's bundles (the custom
// server, scripts, tests). Server modules import "server-only" so that Next refuses to bundle them
// into a browser component; everywhere else that import must be the package's empty module, which
// it is under the "react-server" condition. Only this one package gets the condition.
export async function resolve(specifier, context, nextResolve) {
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}
