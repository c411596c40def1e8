// Headers that never change. The Content-Security-Policy (a nonce per response) and HSTS (only
// over https) depend on the request: proxy.ts sets them.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // The portal itself records sounds in the browser (components/sounds/add-sound.tsx); no frame may.
  { key: "Permissions-Policy", value: "camera=(), microphone=(self), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Database drivers load WebAssembly and native sockets at run time: keep them out of the bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "@prisma/adapter-pg",
    "pino",
    "pino-pretty",
    "prom-client",
    // The SVG sanitiser runs on jsdom, and mails render through React Email (prettier, html-to-text).
    "isomorphic-dompurify",
    "jsdom",
    "@react-email/components",
    "@react-email/render",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
