import { ZCreateTicketRequest, ZSkills, ZUpdateTicketRequest } from "@helpdesk/contracts";
import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
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

export type ImportFormat = "csv" | "jsonl";

/** Why one record of a file is not imported, by the line (or lines) it was read from. */
export type ImportProblem = { line: number; lastLine?: number; message: string };

/**
 * A history file read and checked: the rows to import, and what was wrong with the others. A file
 * that cannot be read at all (it ends inside a quoted CSV field) has one problem and no rows.
 */
export type HistoryFile = { rows: ImportRow[]; problems: ImportProblem[] };

const USUAL_NAMES: Record<keyof FieldMapping, string[]> = {
  title: ["subject", "title", "summary"],
  body: ["body", "description", "text", "content"],
  priority: ["priority", "urgency", "severity"],
  category: ["category", "queue"],
  type: ["type", "ticket_type", "issue_type", "issuetype"],
  skills: ["tags", "skills", "labels"],
};

/** One record of a file with the lines it spans. */
type NumberedRecord = { line: number; lastLine: number; fields: unknown };

/**
 * CSV as spreadsheets and help desks export it (RFC 4180, read by csv-parse): quoted fields may hold
 * commas, doubled quotes and line breaks; lines end in CRLF, LF or CR, even mixed in one file; a
 * byte-order mark is dropped. The first record names the columns (trimmed). A row shorter than the
 * header lacks the columns it does not reach, a longer one loses its extra fields, and rows of only
 * blanks are left out. A stray quote inside an unquoted field is kept as text; a file that ends inside
 * a quoted field (a truncated export) is an error ("Quote Not Closed").
 */
export function parseCsv(text: string): Record<string, string>[] {
  return numberedCsvRecords(text).map(({ fields }) => fields as Record<string, string>);
}

function numberedCsvRecords(text: string): NumberedRecord[] {
  const parsed: { info: { lines: number }; record: Record<string, string> }[] = parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim()),
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    info: true,
  });
  // csv-parse tells the line a record ends on; it starts after the one before (or the header).
  let previousEnd = 1;
  return parsed.map(({ info, record }) => {
    const numbered = { line: previousEnd + 1, lastLine: info.lines, fields: record };
    previousEnd = info.lines;
    return numbered;
  });
}

function numberedJsonlRecords(text: string): { records: NumberedRecord[]; problems: ImportProblem[] } {
  const records: NumberedRecord[] = [];
  const problems: ImportProblem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    try {
      records.push({ line, lastLine: line, fields: JSON.parse(trimmed) });
    } catch {
      problems.push({ line, message: "not valid JSON" });
    }
  });
  return { records, problems };
}

/**
 * Reads a history file and checks each record as the API checks a ticket: a title of one line and
 * at most 200 characters, a description of at most 20,000 (ZCreateTicketRequest), a category and
 * skills within the ticket's limits; each text field must be text (or a number), never an object.
 * A record needs a title or a description. Every refused record is a problem with its line number.
 */
export function readHistoryFile(text: string, format: ImportFormat, mapping: FieldMapping = {}): HistoryFile {
  let records: NumberedRecord[];
  let problems: ImportProblem[] = [];
  if (format === "csv") {
    try {
      records = numberedCsvRecords(text);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      return { rows: [], problems: [csvProblem(error)] };
    }
  } else {
    ({ records, problems } = numberedJsonlRecords(text));
  }
  const rows: ImportRow[] = [];
  for (const record of records) {
    const checked = checkRecord(record.fields, mapping);
    if (typeof checked === "string") {
      problems.push({
        line: record.line,
        ...(record.lastLine > record.line && { lastLine: record.lastLine }),
        message: checked,
      });
    } else {
      rows.push(checked);
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, problems };
}

function csvProblem(error: CsvError): ImportProblem {
  const line = Number((error as CsvError & { lines?: number }).lines) || 1;
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return {
      line,
      message: "the file ends inside a quoted field: a quote that opens a field is never closed",
    };
  }
  return { line, message: `not readable as CSV: ${error.message}` };
}

const describeValue = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "an object"
        : typeof value;

/** The row a record gives, or why it gives none. */
function checkRecord(fields: unknown, mapping: FieldMapping): ImportRow | string {
  if (fields === null || typeof fields !== "object" || Array.isArray(fields)) {
    return `a record must be an object of fields, not ${describeValue(fields)}`;
  }
  const record = fields as Record<string, unknown>;
  const texts: Partial<Record<keyof FieldMapping, string>> = {};
  for (const field of ["title", "body", "priority", "category", "type"] as const) {
    const [key, value] = pick(record, field, mapping);
    if (value === undefined || value === null) continue;
    if (!["string", "number", "boolean"].includes(typeof value)) {
      return `${key}: must be text, not ${describeValue(value)}`;
    }
    const text = String(value).trim();
    if (text !== "") texts[field] = text;
  }
  if (!texts.title && !texts.body) return "neither a title nor a description";

  const title = texts.title ? checked(ZCreateTicketRequest.shape.title, texts.title, "title") : "";
  if (typeof title !== "string") return title.problem;
  const body = texts.body ? checked(ZCreateTicketRequest.shape.description, texts.body, "description") : "";
  if (typeof body !== "string") return body.problem;
  const category = texts.category
    ? checked(ZUpdateTicketRequest.shape.category, texts.category, "category")
    : undefined;
  if (typeof category === "object") return category.problem;
  const [skillsKey, skillsValue] = pick(record, "skills", mapping);
  const skills = skillsOf(skillsValue, skillsKey);
  if (skills && !Array.isArray(skills)) return skills.problem;

  return {
    title,
    body,
    priority: texts.priority ?? null,
    category: category ?? null,
    type: texts.type ?? null,
    skills,
  };
}

/** The value as the schema makes it, or the schema's first complaint about it. */
function checked<T>(
  schema: z.ZodType<T | undefined>,
  value: unknown,
  field: string,
): T | { problem: string } {
  const result = schema.safeParse(value);
  if (result.success && result.data !== undefined) return result.data;
  return { problem: `${field}: ${result.error?.issues[0]?.message ?? "is invalid"}` };
}

/** The key a field is under and its value. */
function pick(
  record: Record<string, unknown>,
  field: keyof FieldMapping,
  mapping: FieldMapping,
): [string, unknown] {
  const mapped = mapping[field];
  if (mapped) return [mapped, record[mapped]];
  const keys = new Map(Object.keys(record).map((key) => [key.toLowerCase(), key]));
  for (const name of USUAL_NAMES[field]) {
    const key = keys.get(name);
    if (key !== undefined && record[key] !== undefined && record[key] !== "") return [key, record[key]];
  }
  return [field, undefined];
}

/**
 * Skills as a list, from an array of text or from text separated by commas, semicolons or pipes,
 * within the limits the API sets (ZSkills); null when the file has none.
 */
function skillsOf(value: unknown, key: string): string[] | null | { problem: string } {
  if (value === undefined || value === null) return null;
  const isText = (item: unknown) => typeof item === "string" || typeof item === "number";
  if (Array.isArray(value) ? !value.every(isText) : !isText(value)) {
    return { problem: `${key}: must be text or a list of text, not ${describeValue(value)}` };
  }
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[,;|]/);
  const skills = checked(ZSkills, items.map((item) => item.trim()).filter(Boolean), key);
  return skills;
}
