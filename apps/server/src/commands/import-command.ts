import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/client.ts";
import { importClosedTickets } from "../tickets/operations.ts";
import { type FieldMapping, parseCsv, parseJsonl, toImportRows } from "../triage/import-file.ts";
import { createProgressBar } from "../triage/progress-bar.ts";
import { createTriageService } from "../triage/service.ts";
import { findUserByEmail, listAdmins } from "../users/service.ts";

export const IMPORT_USAGE = `Usage: helpdesk import FILE [options]

Imports labelled tickets (JSONL or CSV) into the triage learner's history.
Fields are found under their usual names: subject|title, body|description, priority,
category|queue, type, tags|skills (a list, or text separated by , ; or |).

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
  if (format !== "csv" && format !== "jsonl") throw new Error(`--format must be jsonl or csv, not ${format}`);
  const content = readFileSync(file, "utf8");
  const mapping: FieldMapping = {
    title: values.title,
    body: values.body,
    priority: values.priority,
    category: values.category,
    type: values.type,
    skills: values.skills,
  };
  const rows = toImportRows(format === "csv" ? parseCsv(content) : parseJsonl(content), mapping);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const creator = values["as-tickets"] ? await findCreator(database.db, values["created-by"]) : undefined;
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
        (summary.unknownLabels > 0 ? `, ignored ${summary.unknownLabels} unknown priority/type labels` : ""),
    );
  } finally {
    await database.close();
  }
}

async function findCreator(db: Database, email?: string): Promise<string> {
  const user = email ? await findUserByEmail(db, email) : (await listAdmins(db))[0];
  if (!user)
    throw new Error(
      email ? `--created-by: no account ${email}` : "--as-tickets needs an admin account or --created-by",
    );
  return user.id;
}
