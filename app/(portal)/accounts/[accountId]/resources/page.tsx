import { permanentRedirect } from "next/navigation";

/** The former Resources page, split into Numbers, Schedules, Sounds and Extensions. */
export default async function ResourcesPage({ params }: { params: Promise<{ accountId: string }> }) {
  permanentRedirect(`/accounts/${encodeURIComponent((await params).accountId)}/numbers`);
}
