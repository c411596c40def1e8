import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// Live memory: what survives a full garbage collection. Node Buffers and the bytes of an upload
// live outside the JavaScript heap (process.memoryUsage().external, which includes arrayBuffers),
// so both are counted: a path that held a file as Buffers would not show in heapUsed alone.

function garbageCollector(): () => void {
  if (globalThis.gc) return globalThis.gc;
  // Test runners start workers without --expose-gc; V8 can still hand its gc() to a new context.
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const collectGarbage = garbageCollector();

type LiveMemory = { heap: number; external: number };

export function liveMemory(): LiveMemory {
  // Twice: memory outside the heap that a collection finds unreachable (freed by the callbacks
  // of its holders) still counts in `external` until the next one; one pass left 20 MB of it.
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.external };
}

/**
 * The highest live memory above the start, over samples taken whenever `sample` is called and
 * every `everyMs` of the work's own time (a sample's collections take long, and the work
 * stands still meanwhile: counting them in the interval would leave it no time to progress).
 */
export function peakGrowth(everyMs: number) {
  const start = liveMemory();
  const peak = { heap: 0, external: 0, total: 0 };
  const sample = () => {
    const now = liveMemory();
    const heap = now.heap - start.heap;
    const external = now.external - start.external;
    peak.heap = Math.max(peak.heap, heap);
    peak.external = Math.max(peak.external, external);
    peak.total = Math.max(peak.total, heap + external);
  };
  let timer: NodeJS.Timeout;
  const sampleLater = () => {
    timer = setTimeout(() => {
      sample();
      sampleLater();
    }, everyMs);
  };
  sampleLater();
  return {
    sample,
    /** Stops sampling, takes a last sample and returns the peaks, in bytes. */
    stop() {
      clearTimeout(timer);
      sample();
      return { ...peak };
    },
  };
}
