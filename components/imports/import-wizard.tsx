"use client";

import { Download, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldBox, FormError, Hint } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  type ImportCounts,
  type ImportKind,
  type ImportMode,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from "@/server/services/imports/schemas";

// The import wizard: template, upload, column mapping, dry run, then the run itself, whose
// progress page (/imports/{id}) the server feeds, so closing the tab stops nothing.

const KIND_LABELS: Record<ImportKind, string> = { customers: "Customers", numbers: "Phone numbers", users: "Users" };

/** The header line of a CSV file and where the rest begins (headers are plain names: no quoted commas). */
async function headerOf(file: File): Promise<{ columns: string[]; restStart: number }> {
  const head = await file.slice(0, 64 * 1024).text();
  const end = head.indexOf("\n");
  const line = (end === -1 ? head : head.slice(0, end)).replace(/^\uFEFF/, "").replace(/\r$/, "");
  const restStart = end === -1 ? file.size : new TextEncoder().encode(head.slice(0, end + 1)).length;
  return { columns: line.split(",").map((column) => column.trim().replace(/^"|"$/g, "")), restStart };
}

/** The file with its header line rewritten to the mapped names; the rows are sent as they are, never read here. */
function mappedFile(file: File, header: { restStart: number }, mapped: string[]): Blob {
  return new Blob([`${mapped.join(",")}\n`, file.slice(header.restStart)], { type: "text/csv" });
}

async function upload(kind: ImportKind, mode: ImportMode, dryRun: boolean, body: Blob) {
  const response = await fetch(`/api/imports/${kind}?dry_run=${dryRun}&mode=${mode}`, {
    method: "POST",
    headers: { "Content-Type": "text/csv", "X-Requested-With": "fetch" },
    body,
  });
  const answer = (await response.json()) as { error?: { message: string } } & Record<string, unknown>;
  if (!response.ok) throw new Error(answer.error?.message ?? `The import was refused (${response.status})`);
  return answer;
}

export function ImportWizard() {
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>("customers");
  const [mode, setMode] = useState<ImportMode>("create");
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<{ columns: string[]; restStart: number } | null>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [report, setReport] = useState<ImportCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const known: readonly string[] = IMPORT_COLUMNS[kind];
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(`${known.join(",")}\n`)}`;

  async function choose(chosen: File | null) {
    setFile(chosen);
    setReport(null);
    setError(null);
    if (!chosen) return setHeader(null);
    const read = await headerOf(chosen);
    setHeader(read);
    setMapping(read.columns.map((column) => (known.includes(column.toLowerCase()) ? column.toLowerCase() : "")));
  }

  async function run(dryRun: boolean) {
    if (!file || !header) return;
    if (mapping.some((column) => column === "")) return setError("Map every column of the file to one of the import's columns");
    setBusy(true);
    setError(null);
    try {
      const answer = await upload(kind, mode, dryRun, mappedFile(file, header, mapping));
      if (dryRun) setReport(answer as unknown as ImportCounts);
      else router.push(`/imports/${answer.id as string}`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card aria-labelledby="import-heading">
      <h2 id="import-heading">Import from CSV</h2>
      <div className="flex flex-wrap items-end gap-3">
        <FieldBox>
          <label htmlFor="import-kind">What to import</label>
          <Select
            id="import-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as ImportKind);
              void choose(null);
            }}
          >
            {IMPORT_KINDS.map((option) => (
              <option key={option} value={option}>
                {KIND_LABELS[option]}
              </option>
            ))}
          </Select>
        </FieldBox>
        <a className={buttonVariants({ variant: "secondary" })} href={template} download={`${kind}-template.csv`}>
          <Download aria-hidden />
          Download the template
        </a>
        <FieldBox>
          <label htmlFor="import-mode">Rows whose {known[0]} exists</label>
          <Select id="import-mode" value={mode} onChange={(event) => setMode(event.target.value as ImportMode)}>
            <option value="create">Refuse them (create only)</option>
            <option value="upsert">Update them (upsert)</option>
          </Select>
        </FieldBox>
      </div>
      <FieldBox>
        <label htmlFor="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => choose(event.target.files?.[0] ?? null)}
        />
        <Hint>
          Columns: {known.join(", ")}. At most {MAX_IMPORT_BYTES / (1024 * 1024)} MB and {MAX_IMPORT_ROWS.toLocaleString("en")}{" "}
          rows.
        </Hint>
      </FieldBox>
      {header ? (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm">Columns of the file</legend>
          {header.columns.map((column, index) => (
            <FieldBox key={`${column}-${index.toString()}`}>
              <label htmlFor={`map-${index.toString()}`}>“{column}” is</label>
              <Select
                id={`map-${index.toString()}`}
                value={mapping[index] ?? ""}
                onChange={(event) => setMapping(mapping.map((value, at) => (at === index ? event.target.value : value)))}
              >
                <option value="">Choose a column</option>
                {known.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </Select>
            </FieldBox>
          ))}
        </fieldset>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={!file || busy} onClick={() => run(true)}>
          <Upload aria-hidden />
          Check (dry run)
        </Button>
        <Button disabled={!report || busy} onClick={() => run(false)}>
          Apply the import
        </Button>
      </div>
      <FormError message={error} />
      {report ? <ImportReport counts={report} title="Dry run: nothing was written" /> : null}
    </Card>
  );
}

/** Counts and each failed row's problems, by column. */
export function ImportReport({ counts, title }: { counts: ImportCounts; title: string }) {
  return (
    <section aria-label={title} className="flex flex-col gap-2">
      <h3>{title}</h3>
      <p data-testid="import-counts">
        {counts.rows} rows: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged,{" "}
        {counts.failed.length} failed
      </p>
      {counts.failed.length > 0 ? (
        <div className="overflow-x-auto">
          <Table aria-label="Failed rows">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {counts.failed.flatMap((failure) =>
                failure.errors.map((issue, index) => (
                  <tr key={`${failure.row}-${index.toString()}`}>
                    <td>{failure.row}</td>
                    <td>{issue.column || "(row)"}</td>
                    <td>{issue.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </Table>
        </div>
      ) : null}
    </section>
  );
}
