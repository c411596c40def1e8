// What a failed sign-in tells the browser: a code, never text. next-auth carries it as `error`
// (in the sign-in call's answer, or in /sign-in?error=… after a redirect), and the sign-in
// page shows the fixed message of a known code only, so a link cannot put words on the page.
// Shared by the server (server/auth/options.ts) and the sign-in form; no server-only imports.

export const SIGN_IN_ERROR = {
  invalid: "INVALID",
  disabled: "DISABLED",
  suspended: "SUSPENDED",
  /** Followed by ":<minutes>", e.g. LOCKED:14. */
  locked: "LOCKED",
  twoFactorRequired: "TWO_FACTOR_REQUIRED",
  invalidCode: "INVALID_CODE",
  twoFactorLocked: "TWO_FACTOR_LOCKED",
  busy: "BUSY",
} as const;

const WRONG_PASSWORD = "Wrong email or password.";

const MESSAGES = new Map<string, string>([
  [SIGN_IN_ERROR.invalid, WRONG_PASSWORD],
  // next-auth's own codes.
  ["CredentialsSignin", WRONG_PASSWORD],
  ["SessionRequired", "Sign in to continue."],
  [SIGN_IN_ERROR.disabled, "This user is disabled. Ask your administrator to enable it."],
  [SIGN_IN_ERROR.suspended, "This account is suspended. Ask your provider to restore it."],
  [SIGN_IN_ERROR.twoFactorRequired, "Enter the code from your authenticator app, or a recovery code."],
  [SIGN_IN_ERROR.invalidCode, "Wrong or already used code."],
  [
    SIGN_IN_ERROR.twoFactorLocked,
    "Too many wrong codes: sign in with one of your recovery codes, or ask your administrator to reset your two-factor sign-in.",
  ],
  [SIGN_IN_ERROR.busy, "The server is busy. Try again in a moment."],
]);

export function lockedMessage(minutes: number): string {
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The message for a sign-in error code, or null for anything that is not one of ours. */
export function signInErrorMessage(code: string): string | null {
  const locked = /^LOCKED:(\d{1,3})$/.exec(code);
  if (locked) return lockedMessage(Number(locked[1]));
  return MESSAGES.get(code) ?? null;
}
