import type { AddressInfo } from "node:net";
import { createPortalServer, type PortalServerOptions } from "@/server/http/portal-server";

/** The portal's own HTTP server on a free loopback port, `next` standing in for Next.js. */
export async function listenPortalServer(options: PortalServerOptions): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createPortalServer(options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
