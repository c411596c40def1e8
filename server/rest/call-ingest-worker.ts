import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { errorReply, type IngestReply, type IngestRequest, ingestBatch } from "./call-ingest";

// The ingest thread (see call-ingest.ts): works each batch the request thread hands over, with
// this thread's own database connections, at a lower CPU priority than the request thread.

/** Lowers this thread's CPU priority (Linux names a thread by its id, read from /proc). */
function lowerThisThreadsPriority(nice: number): void {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").at(-1));
    setPriority(threadId, nice);
  } catch {
    // Elsewhere the thread keeps the process's priority; it is still off the request thread.
  }
}

lowerThisThreadsPriority((workerData as { nice: number }).nice);

parentPort!.on("message", async ({ id, request }: { id: number; request: IngestRequest }) => {
  let reply: IngestReply;
  try {
    reply = { id, result: await ingestBatch(request) };
  } catch (error) {
    reply = errorReply(id, error);
  }
  parentPort!.postMessage(reply);
});
