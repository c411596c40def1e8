import { redirect } from "next/navigation";
import { homePath } from "@/components/shell/navigation";
import { requireActor } from "@/server/auth/require";

export default async function PortalHome() {
  const actor = await requireActor();
  redirect(homePath(actor));
}
