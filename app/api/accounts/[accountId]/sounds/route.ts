import { readSoundUpload } from "@/server/services/sounds/multipart";
import { portalFileRoute } from "@/server/http/portal-route";
import { uploadSound } from "@/server/services/sounds/sounds";

export const dynamic = "force-dynamic";

/** The portal's upload of a sound file or a browser recording (multipart: file, name). */
export async function POST(request: Request, { params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  return portalFileRoute(request, async (ctx) => {
    const sound = await uploadSound(ctx, { accountId, upload: readSoundUpload(request) });
    return Response.json({ id: sound.id, name: sound.name, format: sound.format, durationMs: sound.durationMs }, { status: 201 });
  });
}
