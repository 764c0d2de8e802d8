import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { importClosedTickets } from "../tickets/operations.ts";
import { type FieldMapping, type ImportProblem, readHistoryFile } from "../triage/import-file.ts";
import { createProgressBar } from "../triage/progress-bar.ts";
import { createTriageService } from "../triage/service.ts";
import { findUserByEmail, listAdmins } from "../users/service.ts";

export const IMPORT_USAGE = `Usage: helpdesk import FILE [options]

Imports labelled tickets (JSONL or CSV) into the triage learner's history.
Fields are found under their usual names: subject|title, body|description, priority,
category|queue, type, tags|skills (a list, or text separated by , ; or |).
Each record is checked as the API checks a ticket (a title of at most 200 characters, a
description of at most 20,000, text fields as text); a refused record is listed with its line,
the others are imported, and the exit code is then 1.

Options:
  --format jsonl|csv      file format (default: from the file's extension)
  --source NAME           where the rows come from (default: import:FILE); re-importing skips known rows
  --as-tickets            also create the rows as closed tickets, so notes can link to them
  --created-by EMAIL      who the closed tickets are filed by (default: the first admin)
  --title/--body/--priority/--category/--type/--skills COLUMN
                          take a field from this column or key instead
`;

/** `helpdesk import FILE …`: reads the file, imports it with a progress bar, prints a summary. */
export async function runImportCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      source: { type: "string" },
      "as-tickets": { type: "boolean", default: false },
      "created-by": { type: "string" },
      title: { type: "string" },
      body: { type: "string" },
      priority: { type: "string" },
      category: { type: "string" },
      type: { type: "string" },
      skills: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const [file] = positionals;
  if (values.help || !file) {
    process.stdout.write(IMPORT_USAGE);
    if (!file && !values.help) process.exitCode = 2;
    return;
  }
  const format = values.format ?? (extname(file).toLowerCase() === ".csv" ? "csv" : "jsonl");
  if (format !== "csv" && format !== "jsonl") return fail(`--format must be jsonl or csv, not ${format}`);
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    return fail(`cannot read ${file}: ${whyUnreadable(error)}`);
  }
  const mapping: FieldMapping = {
    title: values.title,
    body: values.body,
    priority: values.priority,
    category: values.category,
    type: values.type,
    skills: values.skills,
  };
  const { rows, problems } = readHistoryFile(content, format, mapping);
  reportProblems(basename(file), problems);
  if (rows.length === 0 && problems.length > 0) return fail("nothing to import");

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    minFreeBytes: config.dataDirMinFreeBytes,
  });
  try {
    await database.migrate();
    const creator = values["as-tickets"] ? await findCreator(database.db, values["created-by"]) : undefined;
    if (creator === null) {
      return fail(
        values["created-by"]
          ? `--created-by: no account ${values["created-by"]}`
          : "--as-tickets needs an admin account or --created-by",
      );
    }
    const service = createTriageService({ config, db: database.db });
    const progress = createProgressBar(`Importing ${basename(file)}`);
    const summary = await service.importExamples(rows, {
      source: values.source ?? `import:${basename(file)}`,
      createTickets: creator ? (tx, fresh) => importClosedTickets(tx, fresh, creator) : undefined,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    console.log(
      `Imported ${summary.imported} tickets, skipped ${summary.skipped} already imported` +
        (summary.unknownLabels > 0 ? `, ignored ${summary.unknownLabels} unknown priority/type labels` : "") +
        (problems.length > 0 ? `, refused ${problems.length} (listed above)` : ""),
    );
    // Not everything in the file was imported: scripts that run the import must hear of it.
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

/** The account imported tickets are filed by, or null when there is none. */
async function findCreator(db: Database, email?: string): Promise<string | null> {
  const user = email ? await findUserByEmail(db, email) : (await listAdmins(db))[0];
  return user?.id ?? null;
}

/** An expected failure: one line on stderr and exit code 1, never a stack trace. */
function fail(message: string): void {
  process.stderr.write(`import: ${message}\n`);
  process.exitCode = 1;
}

function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/** Each refused record on its own line, as `file:line: why`; after the first 50, how many more. */
const SHOWN_PROBLEMS = 50;
function reportProblems(file: string, problems: ImportProblem[]): void {
  for (const { line, lastLine, message } of problems.slice(0, SHOWN_PROBLEMS)) {
    process.stderr.write(`${file}:${line}${lastLine ? `-${lastLine}` : ""}: ${message}\n`);
  }
  if (problems.length > SHOWN_PROBLEMS) {
    process.stderr.write(`… and ${problems.length - SHOWN_PROBLEMS} more records refused\n`);
  }
}
