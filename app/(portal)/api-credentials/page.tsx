import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { notFound } from "next/navigation";
import { ApiCredentialList } from "@/components/api-credentials/api-credential-list";
import { CreateApiCredentialForm } from "@/components/api-credentials/create-api-credential-form";
import { requireActor } from "@/server/auth/require";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "API users" };

export default async function ApiCredentialsPage() {
  const actor = await requireActor();
  // API users belong to reseller and customer accounts (see the api-credentials service).
  if (actor.role === "admin") notFound();
  return (
    <>
      <PageHeader
        title="API users"
        description={
          <>
            Machines call the REST API (<code>/voip/…</code>) with the headers <code>X-Auth-Reseller</code> (
            <code>{actor.accountName}</code>), <code>X-Auth-User</code> and <code>X-Auth-Password</code>
            {actor.role === "reseller" ? (
              <>
                , and act for a customer by naming it in <code>X-Auth-For</code>
              </>
            ) : null}
            . The API is described at <a href="/voip/openapi.json">/voip/openapi.json</a>.
          </>
        }
      />
      <Card aria-labelledby="new-api-user-heading">
        <h2 id="new-api-user-heading">New API user</h2>
        <CreateApiCredentialForm accountName={actor.accountName} />
      </Card>
      <ApiCredentialList />
    </>
  );
}
