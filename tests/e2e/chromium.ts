import type { LaunchOptions } from "@playwright/test";

// Debian's chromium, never a downloaded browser; the flags keep it off the (closed) network.
// Shared by the end-to-end tests and the editor benchmark, which drive the same browser.
export const CHROMIUM_LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
