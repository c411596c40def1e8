import { audioResponse } from "@/server/rest/audio-response";
import { portalFileRoute } from "@/server/http/portal-route";
import { soundAudio } from "@/server/services/sounds/sounds";

export const dynamic = "force-dynamic";

/** A sound's audio for the portal's players, with Range support (browsers seek with it). */
export async function GET(request: Request, { params }: { params: Promise<{ accountId: string; soundId: string }> }) {
  const { accountId, soundId } = await params;
  return portalFileRoute(request, async (ctx) =>
    audioResponse(await soundAudio(ctx, { accountId, soundId }), request.headers.get("range")),
  );
}
