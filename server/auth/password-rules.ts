import { dictionary } from "@zxcvbn-ts/language-common";
import { fieldError } from "@/server/errors";
import { normalizePassword } from "./password";

// The length rule lives in the shared zod schema (ZNewPassword) so forms check it as you type;
// the common-password list is 49,000 words and stays on the server.

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!common) common = new Set(dictionary["passwords-common"].map((word) => word.toLowerCase()));
  return common;
}

function isCommonPassword(password: string): boolean {
  return commonPasswords().has(normalizePassword(password).toLowerCase());
}

/** Refuses a new password found on the list of common passwords, naming the field. */
export function assertPasswordAllowed(password: string, field: string): void {
  if (isCommonPassword(password)) {
    throw fieldError(field, "This password is on a list of common passwords. Choose another.");
  }
}
