import { parse } from "csv-parse/sync";
import type { ImportRow } from "./history.ts";

/** Which column or key holds each field; unset fields are looked up under their usual names. */
export type FieldMapping = {
  title?: string;
  body?: string;
  priority?: string;
  category?: string;
  type?: string;
  skills?: string;
};

const USUAL_NAMES: Record<keyof FieldMapping, string[]> = {
  title: ["subject", "title", "summary"],
  body: ["body", "description", "text", "content"],
  priority: ["priority", "urgency", "severity"],
  category: ["category", "queue"],
  type: ["type", "ticket_type", "issue_type", "issuetype"],
  skills: ["tags", "skills", "labels"],
};

/**
 * CSV as spreadsheets and help desks export it (RFC 4180, read by csv-parse): quoted fields may hold
 * commas, doubled quotes and line breaks; lines end in CRLF, LF or CR, even mixed in one file; a
 * byte-order mark is dropped. The first record names the columns (trimmed). A row shorter than the
 * header lacks the columns it does not reach, a longer one loses its extra fields, and rows of only
 * blanks are left out. A stray quote inside an unquoted field is kept as text; a file that ends inside
 * a quoted field (a truncated export) is an error ("Quote Not Closed").
 */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim()),
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
}

export function parseJsonl(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== "")
    .map(({ line, number }) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${number}: not valid JSON`);
      }
    });
}

function pick(record: Record<string, unknown>, field: keyof FieldMapping, mapping: FieldMapping): unknown {
  if (mapping[field]) return record[mapping[field] as string];
  const keys = new Map(Object.keys(record).map((key) => [key.toLowerCase(), key]));
  for (const name of USUAL_NAMES[field]) {
    const key = keys.get(name);
    if (key !== undefined && record[key] !== undefined && record[key] !== "") return record[key];
  }
  return undefined;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value).trim());

/** Skills as a list, from an array or from text separated by commas, semicolons or pipes; null when the file has none. */
function skillsOf(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const items = Array.isArray(value) ? value.map(text) : text(value).split(/[,;|]/);
  return [...new Set(items.map((item) => item.trim()).filter(Boolean))];
}

/** Records of a file as rows for the learner; records with neither title nor body are left out. */
export function toImportRows(records: Record<string, unknown>[], mapping: FieldMapping = {}): ImportRow[] {
  return records
    .map((record) => ({
      title: text(pick(record, "title", mapping)),
      body: text(pick(record, "body", mapping)),
      priority: text(pick(record, "priority", mapping)) || null,
      category: text(pick(record, "category", mapping)) || null,
      type: text(pick(record, "type", mapping)) || null,
      skills: skillsOf(pick(record, "skills", mapping)),
    }))
    .filter((row) => row.title !== "" || row.body !== "");
}
