import { validateCallFlow, type ValidationContext } from "../server/domain/call-flow";
import { buildFlow } from "./flow-builder";

/**
 * Times `validateCallFlow` on realistic flows of growing size. Every size runs with the size
 * limits lifted, so the 10,000-module flow can be validated; they stay finite so the JSON size
 * is still measured, doing the same work at every size. The last
 * column divides the time per module by the 10-module flow's, measured in the same run: values
 * near 1 mean the cost grows linearly.
 */

const SIZES = [10, 100, 500, 10_000] as const;
const TARGET_MS: Readonly<Record<number, number>> = { 500: 5, 10000: 100 };
const MEASURE_MS = 1_500;
const WARM_UP_MS = 500;
const MIN_SAMPLES = 20;

interface Measurement {
  size: number;
  samples: number;
  medianMs: number;
  p95Ms: number;
}

function measure(size: number): Measurement {
  const { document, resources } = buildFlow(size);
  const context: ValidationContext = {
    resources,
    limits: {
      maxModules: Number.MAX_SAFE_INTEGER,
      maxFlowJsonBytes: Number.MAX_SAFE_INTEGER,
      maxCallerIdPatterns: Number.MAX_SAFE_INTEGER,
    },
  };
  const check = validateCallFlow(document, context);
  if (check.errors.length > 0 || check.warnings.length > 0) {
    throw new Error(`the ${size}-module flow is not clean: ${JSON.stringify(check).slice(0, 500)}`);
  }
  const warmUpEnd = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUpEnd) validateCallFlow(document, context);

  const times: number[] = [];
  const measureEnd = performance.now() + MEASURE_MS;
  while (performance.now() < measureEnd || times.length < MIN_SAMPLES) {
    const started = performance.now();
    validateCallFlow(document, context);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { size, samples: times.length, medianMs: quantile(times, 0.5), p95Ms: quantile(times, 0.95) };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const results = SIZES.map(measure);
const baseline = results[0];
if (baseline === undefined) throw new Error("no baseline measured");
const perModuleBaseline = baseline.medianMs / baseline.size;

console.log("validateCallFlow: median and p95 per call; per-module cost relative to 10 modules\n");
console.log(
  ["modules", "samples", "median ms", "p95 ms", "us/module", "x baseline", "target"].map((h) => h.padStart(11)).join(""),
);
for (const result of results) {
  const perModule = result.medianMs / result.size;
  const target = TARGET_MS[result.size];
  const verdict = target === undefined ? "" : `${result.medianMs < target ? "ok" : "MISSED"} <${target}ms`;
  console.log(
    [
      result.size.toLocaleString("en-US"),
      String(result.samples),
      result.medianMs.toFixed(3),
      result.p95Ms.toFixed(3),
      (perModule * 1000).toFixed(2),
      (perModule / perModuleBaseline).toFixed(2),
      verdict,
    ]
      .map((cell) => cell.padStart(11))
      .join(""),
  );
}
