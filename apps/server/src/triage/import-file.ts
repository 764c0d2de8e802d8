import type { ImportRow } from "./service.ts";

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

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else {
      field += char;
    }
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records.filter((row) => row.some((value) => value.trim() !== ""));
  if (!header) return [];
  const names = header.map((name) => name.trim().replace(/^\uFEFF/, ""));
  return rows.map((row) => Object.fromEntries(names.map((name, at) => [name, row[at] ?? ""])));
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
