import type { Priority, TicketType } from "@helpdesk/contracts";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { triageExamples } from "../db/schema.ts";
import { toPriority, toTicketType } from "./labels.ts";
import type { TriageLearner } from "./learner.ts";

export type TriageLogger = {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
};

export type Correction = {
  priority?: Priority;
  category?: string;
  type?: TicketType;
  relatedSkills?: string[];
};

/** A labelled ticket to import into the learner's history (see import-file.ts for reading files). */
export type ImportRow = {
  title: string;
  body: string;
  priority?: string | null;
  category?: string | null;
  type?: string | null;
  /** null or absent: the history does not say which skills the ticket needed. */
  skills?: string[] | null;
};

/** An import row with its labels read: known priorities and types, or null. */
export type ImportedExample = {
  title: string;
  description: string;
  priority: Priority | null;
  category: string | null;
  type: TicketType | null;
  skills: string[] | null;
};

export type ImportOptions = {
  /** Where the rows come from ("import:helpdesk-2024.csv"); a row already imported from there is skipped. */
  source: string;
  /** Also keeps the rows as tickets (closed ones, by the importer): returns their ids, in order. */
  createTickets?: (tx: Executor, rows: ImportedExample[]) => Promise<string[]>;
  onProgress?: (done: number, total: number) => void;
};

export type ImportSummary = { imported: number; skipped: number; unknownLabels: number };

const HISTORY_PAGE = 2000;
/** Transactions commit out of timestamp order; looking this far back catches late commits. */
const LATE_COMMIT_WINDOW_MS = 30_000;
const IMPORT_BATCH = 500;

/** Text of an example as stored: the title on the first line, the description after it. */
function exampleText(title: string, body: string): string {
  return `${title.replace(/\s+/g, " ").trim()}\n${body}`;
}

function splitExampleText(text: string): { title: string; body: string } {
  const newline = text.indexOf("\n");
  return newline < 0
    ? { title: text, body: "" }
    : { title: text.slice(0, newline), body: text.slice(newline + 1) };
}

type ExampleRow = typeof triageExamples.$inferSelect;

const exampleKey = (row: Pick<ExampleRow, "id" | "ticketId">) =>
  row.ticketId ? `ticket:${row.ticketId}` : `example:${row.id}`;

function learnRow(learner: TriageLearner, row: ExampleRow): void {
  learner.learn(exampleKey(row), {
    ...splitExampleText(row.text),
    priority: row.priority,
    category: row.category,
    type: row.type,
    skills: row.skills,
  });
}

/**
 * The installation's labelled history (triage_examples) and the learner kept in step with it:
 * loaded at start, caught up with what other processes wrote, taught at once by corrections.
 */
export function createTriageHistory({
  db,
  learner,
  logger,
  catchUpIntervalMs,
}: {
  db: Database;
  learner: TriageLearner;
  logger?: TriageLogger;
  catchUpIntervalMs: number;
}) {
  /** What each example key was last learned as, so catching up learns only what changed. */
  const learnedAt = new Map<string, number>();
  let newestSeen = 0;
  const learnIfNewer = (row: ExampleRow) => {
    const key = exampleKey(row);
    const changedAt = row.updatedAt.getTime();
    newestSeen = Math.max(newestSeen, changedAt);
    if ((learnedAt.get(key) ?? -1) >= changedAt) return;
    learnedAt.set(key, changedAt);
    learnRow(learner, row);
  };

  const loadHistory = async () => {
    let after: string | undefined;
    for (;;) {
      const rows: ExampleRow[] = await db
        .select()
        .from(triageExamples)
        .where(after ? gt(triageExamples.id, after) : undefined)
        .orderBy(asc(triageExamples.id))
        .limit(HISTORY_PAGE);
      for (const row of rows) learnIfNewer(row);
      if (rows.length < HISTORY_PAGE) break;
      after = rows.at(-1)?.id;
    }
    learner.refit();
    logger?.info({ examples: learner.size }, "Triage learner loaded the installation's history");
  };
  /**
   * Start-up goes on while history loads; callers wait through ensureLoaded(). A load that failed
   * (the database was away) is logged and tried again by the next caller instead of failing for ever.
   */
  let loading = loadHistory();
  loading.catch((error: unknown) => logger?.warn({ err: error }, "Triage history did not load; will retry"));
  const ensureLoaded = async () => {
    try {
      await loading;
    } catch {
      loading = loadHistory();
      await loading;
    }
  };

  let lastCatchUp = Date.now();
  /** Learns history that other processes (servers, workers, the import command) wrote since. */
  async function catchUpWithHistory(): Promise<void> {
    if (Date.now() - lastCatchUp < catchUpIntervalMs) return;
    lastCatchUp = Date.now();
    const since = new Date(newestSeen - LATE_COMMIT_WINDOW_MS).toISOString();
    let after = sql`(${since}::timestamptz, '00000000-0000-0000-0000-000000000000'::uuid)`;
    for (;;) {
      const rows: ExampleRow[] = await db
        .select()
        .from(triageExamples)
        .where(sql`(${triageExamples.updatedAt}, ${triageExamples.id}) > ${after}`)
        .orderBy(asc(triageExamples.updatedAt), asc(triageExamples.id))
        .limit(HISTORY_PAGE);
      for (const row of rows) learnIfNewer(row);
      const last = rows.at(-1);
      if (!last || rows.length < HISTORY_PAGE) return;
      after = sql`(${last.updatedAt.toISOString()}::timestamptz, ${last.id}::uuid)`;
    }
  }

  /** A person corrected labels: keep them as history and learn from them at once. */
  async function recordCorrection(
    tx: Executor,
    ticket: { id: string; title: string; description: string },
    corrected: Correction,
  ): Promise<void> {
    const [previous] = await tx.select().from(triageExamples).where(eq(triageExamples.ticketId, ticket.id));
    // Only labels a person gave are history; the engine's own guesses would teach it itself.
    const labels = {
      priority: corrected.priority ?? previous?.priority ?? null,
      category: corrected.category ?? previous?.category ?? null,
      type: corrected.type ?? previous?.type ?? null,
      skills: corrected.relatedSkills ?? previous?.skills ?? null,
    };
    const [row] = await tx
      .insert(triageExamples)
      .values({
        ticketId: ticket.id,
        source: "correction",
        text: exampleText(ticket.title, ticket.description),
        ...labels,
      })
      .onConflictDoUpdate({
        target: triageExamples.ticketId,
        set: { ...labels, text: sql`excluded.text`, updatedAt: sql`now()` },
      })
      .returning();
    // Learned before the surrounding transaction commits: a rolled-back correction stays learned
    // until the next start, a small price for corrections that take effect at once. Not waiting for
    // history to load keeps the caller's row lock short; the load skips rows learned since.
    if (row) learnIfNewer(row);
  }

  async function importExamples(rows: ImportRow[], options: ImportOptions): Promise<ImportSummary> {
    await ensureLoaded();
    const summary: ImportSummary = { imported: 0, skipped: 0, unknownLabels: 0 };
    for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
      const batch = rows.slice(start, start + IMPORT_BATCH).map((row) => {
        const priority = row.priority ? (toPriority(row.priority) ?? null) : null;
        const type = row.type ? (toTicketType(row.type) ?? null) : null;
        if (row.priority && !priority) summary.unknownLabels++;
        if (row.type && !type) summary.unknownLabels++;
        const example: ImportedExample = {
          title: row.title,
          description: row.body,
          priority,
          category: row.category?.trim() || null,
          type,
          skills: row.skills ?? null,
        };
        return { ...example, text: exampleText(row.title, row.body) };
      });
      await db.transaction(async (tx) => {
        const existing = new Set(
          (
            await tx
              .select({ text: triageExamples.text })
              .from(triageExamples)
              .where(
                and(
                  eq(triageExamples.source, options.source),
                  inArray(
                    triageExamples.text,
                    batch.map((row) => row.text),
                  ),
                ),
              )
          ).map((row) => row.text),
        );
        // Rows already stored from this source, or repeated within the file, are imported once.
        const fresh: typeof batch = [];
        for (const row of batch) {
          if (existing.has(row.text)) continue;
          existing.add(row.text);
          fresh.push(row);
        }
        summary.skipped += batch.length - fresh.length;
        if (fresh.length === 0) return;
        const ticketIds = options.createTickets ? await options.createTickets(tx, fresh) : [];
        const inserted = await tx
          .insert(triageExamples)
          .values(
            fresh.map((row, index) => ({
              ticketId: ticketIds[index] ?? null,
              source: options.source,
              text: row.text,
              priority: row.priority,
              category: row.category,
              type: row.type,
              skills: row.skills,
            })),
          )
          .returning();
        for (const row of inserted) learnIfNewer(row);
        summary.imported += inserted.length;
      });
      options.onProgress?.(Math.min(start + IMPORT_BATCH, rows.length), rows.length);
    }
    return summary;
  }

  return { ensureLoaded, catchUpWithHistory, recordCorrection, importExamples };
}
