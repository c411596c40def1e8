/**
 * PostgreSQL's text form of a one-dimensional array (`{"a","b",NULL}`), for a parameter cast to
 * an array type (`$1::text[]`). Every element is quoted, so any text is safe: inside quotes only
 * `"` and `\` need a backslash. Cheaper for PostgreSQL to read than the same values in JSON.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ",";
    if (value === null || value === undefined) literal += "NULL";
    else {
      const text = String(value);
      literal += `"${NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, "\\$&") : text}"`;
    }
  }
  return `${literal}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
