import { permanentRedirect } from "next/navigation";
import { requireActingAccount } from "@/server/auth/acting-account-page";

/** The former Resources page, split into Numbers, Schedules, Sounds and Extensions. An account
 * out of reach is the same 404 here as on those pages. */
export default async function ResourcesPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { account } = await requireActingAccount((await params).accountId);
  permanentRedirect(`/accounts/${account.id}/numbers`);
}
