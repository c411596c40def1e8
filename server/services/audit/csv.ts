/**
 * RFC 4180 CSV: every field quoted, quotes doubled, lines ended by CRLF. A field that a
 * spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading apostrophe:
 * user agents and names come from whoever made the request, and admins open exports in Excel.
 * A phone number in E.164 (`+441632960001`) is left as it is: a plus and digits alone is no
 * formula, and call exports are full of them.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) && !/^\+[0-9]+$/.test(value) ? `'${value}` : value;
  return `"${inert.replaceAll('"', '""')}"`;
}
