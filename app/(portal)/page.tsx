import { redirect } from "next/navigation";
import { homePath } from "@/server/auth/navigation";
import { requireActor } from "@/server/auth/require";

export default async function PortalHome() {
  const actor = await requireActor();
  redirect(homePath(actor));
}
