import { Readable, Transform } from "node:stream";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify";
import { AppError, fieldError } from "@/server/errors";
import { IMPORT_COLUMNS, type ImportKind, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from "./schemas";

// CSV in and out, streamed: csv-parse reads the upload as it arrives (a few KB of it in memory at
// a time, whatever the file's size), csv-stringify writes the export row by row.

export type CsvRecord = { row: number; values: Record<string, string> };

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The CSV must be at most ${MAX_IMPORT_BYTES} bytes`);
}

/** Counts the bytes as they pass, and stops the upload past the limit. */
function byteLimit(): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > MAX_IMPORT_BYTES ? tooLarge() : null, chunk);
    },
  });
}

function checkHeader(kind: ImportKind, header: string[]): void {
  const known: readonly string[] = IMPORT_COLUMNS[kind];
  const unknown = header.filter((column) => !known.includes(column));
  if (unknown.length > 0) {
    throw fieldError(
      "",
      `Unknown column ${unknown.map((column) => `"${column}"`).join(", ")}: the columns are ${known.join(", ")}`,
    );
  }
  const missing = REQUIRED_COLUMNS[kind].filter((column) => !header.includes(column));
  if (missing.length > 0) throw fieldError("", `The CSV has no ${missing.join(", ")} column: its first line names the columns`);
}

/**
 * The data rows of a CSV upload, one at a time, each with its line's row number (the header is
 * row 1) and a value for every column of the kind ("" for a column the file leaves out).
 */
export async function* csvRecords(body: ReadableStream<Uint8Array>, kind: ImportKind): AsyncGenerator<CsvRecord> {
  const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  const limit = byteLimit();
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  for (const stage of [source, limit]) stage.on("error", (error) => parser.destroy(error));
  source.pipe(limit).pipe(parser);
  let header: string[] | null = null;
  let row = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = fields.map((field) => field.trim().toLowerCase());
        checkHeader(kind, header);
        continue;
      }
      row += 1;
      if (row - 1 > MAX_IMPORT_ROWS) throw new AppError("PAYLOAD_TOO_LARGE", `The CSV must have at most ${MAX_IMPORT_ROWS} rows`);
      const values = Object.fromEntries(IMPORT_COLUMNS[kind].map((column) => [column, ""]));
      header.forEach((column, index) => {
        values[column] = fields[index] ?? "";
      });
      yield { row, values };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("CSV_"))
      throw fieldError("", `The CSV cannot be read: ${(error as Error).message}`);
    throw error;
  }
  if (header === null)
    throw fieldError("", `The CSV is empty: its first line names the columns (${IMPORT_COLUMNS[kind].join(", ")})`);
}

/** The rows as CSV text, streamed, with a header of the kind's columns. */
export function csvStream(kind: ImportKind, rows: AsyncIterable<Record<string, string>>): ReadableStream<Uint8Array> {
  const writer = stringify({ header: true, columns: [...IMPORT_COLUMNS[kind]] });
  Readable.from(rows).pipe(writer);
  return Readable.toWeb(writer) as unknown as ReadableStream<Uint8Array>;
}

/** The template a wizard offers: the header alone. */
export function csvTemplate(kind: ImportKind): string {
  return `${IMPORT_COLUMNS[kind].join(",")}\n`;
}
