import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Call Flow Portal", template: "%s · Call Flow Portal" },
  description: "Manage the call flows of your VoIP customers.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts need that response's CSP nonce (proxy.ts), which
  // a page rendered at build time could not carry.
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
