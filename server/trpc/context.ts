import { clientIp } from "@/server/auth/client-ip";
import { currentActor, renewSessionCookie } from "@/server/auth/session";
import type { Context } from "./init";

export async function createContext(request: Request): Promise<Context> {
  return {
    actor: await currentActor(),
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent") ?? "",
    renewSession: renewSessionCookie,
  };
}
