/**
 * Text that people type: names, contacts, search terms. Control characters have no place in
 * it, and PostgreSQL refuses NUL in text columns outright; refusing them here turns what would
 * be a database error into a clear message at the field.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const NO_CONTROL_CHARACTERS = {
  check: (text: string) => !CONTROL_CHARACTERS.test(text),
  message: "must not contain control characters",
};
