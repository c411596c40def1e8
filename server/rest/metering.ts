import { db } from "@/server/db";

/** One REST API command as the provider would bill it. */
export type MeteredRequest = {
  at: Date;
  /** Null when the request never got as far as an account (bad credentials, unknown X-Auth-For). */
  accountId: string | null;
  apiCredentialId: string | null;
  method: string;
  /** The route template, e.g. `/voip/flow/{uuid}`: counts group by command, not by object. */
  route: string;
  status: number;
  durationMs: number;
};

/** Metering must never turn an answered request into a failed one: a lost row is logged. */
export async function recordApiRequest(request: MeteredRequest): Promise<void> {
  try {
    await db.apiRequest.create({ data: request });
  } catch (error) {
    console.error("Could not record an API request for metering", error);
  }
}
