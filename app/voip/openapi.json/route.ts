import { openApiDocument } from "@/server/rest/openapi";

// The API's description is public and the same for everyone: no credentials, built once.
export const dynamic = "force-static";

export function GET(): Response {
  return Response.json(openApiDocument);
}
