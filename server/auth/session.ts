import { getServerSession } from "next-auth";
import { cache } from "react";
import { loadActor, type Actor } from "./actor";
import { authOptions } from "./options";

/** The signed-in actor of the current request, or null. Computed once per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions);
  const userId = (session?.user as { id?: string } | undefined)?.id;
  return userId ? loadActor(userId) : null;
});
