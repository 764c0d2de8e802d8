import type { Priority, TicketType, TriageResult } from "@helpdesk/contracts";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Database, Executor } from "../db/client.ts";
import { type TriageDetails, ticketComments, tickets, triageExamples, users } from "../db/schema.ts";
import { recordEvent } from "../tickets/events.ts";
import { loadTicket } from "../tickets/service.ts";
import { createBuiltinEngine } from "./builtin-engine.ts";
import type { SimilarTicket, TriageContext, TriageEngine } from "./engine.ts";
import { toPriority, toTicketType } from "./labels.ts";
import { TriageLearner } from "./learner.ts";
import { createConfiguredEngine } from "./llm-engine.ts";
import { canonicalSkill } from "./skills.ts";
import { contentWords } from "./text-features.ts";

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

export type ImportOptions = {
  /** Where the rows come from ("import:helpdesk-2024.csv"); a row already imported from there is skipped. */
  source: string;
  /** Also create the rows as closed tickets by this user, so notes can point at them. */
  asClosedTicketsBy?: string;
  onProgress?: (done: number, total: number) => void;
};

export type ImportSummary = { imported: number; skipped: number; unknownLabels: number };

export type TriageService = {
  /** Resolves once the learner has read the installation's history. */
  ready(): Promise<void>;
  /**
   * Triages a ticket and stores the answer with a "triaged" event. Idempotent: a ticket that has a
   * triage is skipped unless `force`, and two concurrent runs store one answer.
   */
  triageTicket(ticketId: string, options?: { force?: boolean }): Promise<{ skipped: boolean }>;
  /** A moderator corrected labels: keep them as history and learn from them at once. */
  recordCorrection(tx: Executor, ticketId: string, corrected: Correction): Promise<void>;
  importExamples(rows: ImportRow[], options: ImportOptions): Promise<ImportSummary>;
  /** The engine in use, for tests and tools that triage text without a ticket. */
  readonly engine: TriageEngine;
};

const HISTORY_PAGE = 2000;
/** By default, how often a process looks for history other processes wrote (corrections, imports). */
const CATCH_UP_INTERVAL_MS = 2000;
/** Transactions commit out of timestamp order; looking this far back catches late commits. */
const LATE_COMMIT_WINDOW_MS = 30_000;
const IMPORT_BATCH = 500;
const CATEGORY_LIMIT = 100;

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

export function createTriageService({
  config,
  db,
  logger,
  catchUpIntervalMs = CATCH_UP_INTERVAL_MS,
}: {
  config: Config;
  db: Database;
  logger?: TriageLogger;
  catchUpIntervalMs?: number;
}): TriageService {
  const learner = new TriageLearner();
  const builtin = createBuiltinEngine(learner);
  const engine = createConfiguredEngine(config.ai, builtin, (reason) =>
    logger?.warn({ reason }, "LLM triage failed, used the built-in engine"),
  );

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

  async function triageTicket(ticketId: string, options: { force?: boolean } = {}) {
    await ensureLoaded();
    await catchUpWithHistory();
    const { ticket } = await loadTicket(db, ticketId);
    if (ticket.triage && !options.force) return { skipped: true };

    const context = await buildContext(db, ticket.id);
    const result = await engine.triage({ title: ticket.title, description: ticket.description }, context);

    const store = async (tx: Executor) => {
      const updated = await tx
        .update(tickets)
        .set({
          // A person may have set labels while the ticket waited for its first triage: theirs win.
          priority: options.force ? result.priority : sql`coalesce(${tickets.priority}, ${result.priority})`,
          category: options.force ? result.category : sql`coalesce(${tickets.category}, ${result.category})`,
          type: options.force ? result.type : sql`coalesce(${tickets.type}, ${result.type})`,
          summary: result.summary,
          helpfulNotes: result.helpfulNotes,
          relatedSkills: options.force
            ? result.relatedSkills
            : sql`case when cardinality(${tickets.relatedSkills}) > 0 then ${tickets.relatedSkills} else ${sql.param(result.relatedSkills)}::text[] end`,
          sentiment: result.sentiment,
          triage: triageDetails(result),
          updatedAt: new Date(),
        })
        .where(
          options.force ? eq(tickets.id, ticket.id) : and(eq(tickets.id, ticket.id), isNull(tickets.triage)),
        )
        .returning({ id: tickets.id });
      if (updated.length === 0) return false;
      await recordEvent(tx, {
        ticketId: ticket.id,
        actorId: null,
        kind: "triaged",
        data: {
          engine: result.engine,
          model: result.model,
          priority: result.priority,
          category: result.category,
          type: result.type,
          ...(result.fallbackReason && { fallbackReason: result.fallbackReason }),
        },
      });
      return true;
    };
    const stored = await db.transaction(store);
    return { skipped: !stored };
  }

  // The engine caches what it derives from the skill and category lists per list object, so an
  // unchanged vocabulary is passed as the very same arrays from one triage to the next.
  let vocabulary: { skills: readonly string[]; categories: readonly string[] } = {
    skills: [],
    categories: [],
  };
  let vocabularyReadAt = Number.NEGATIVE_INFINITY;

  async function buildContext(executor: Executor, ticketId: string): Promise<TriageContext> {
    // Read again at most as often as history is caught up with: counting categories scans every
    // ticket, and the staff's skills change far less often than tickets arrive.
    if (Date.now() - vocabularyReadAt >= catchUpIntervalMs) {
      vocabulary = await readVocabulary(executor);
      vocabularyReadAt = Date.now();
    }
    return {
      ...vocabulary,
      findSimilar: (text, limit) => findSimilarResolved(executor, ticketId, text, limit),
    };
  }

  async function readVocabulary(executor: Executor): Promise<typeof vocabulary> {
    const [staff, categoryRows] = await Promise.all([
      executor
        .select({ skills: users.skills })
        .from(users)
        .where(inArray(users.role, ["moderator", "admin"])),
      executor
        .select({ category: tickets.category })
        .from(tickets)
        .where(isNotNull(tickets.category))
        .groupBy(tickets.category)
        .orderBy(desc(sql`count(*)`))
        .limit(CATEGORY_LIMIT),
    ]);
    const skills = new Map<string, string>();
    for (const skill of staff.flatMap((row) => row.skills)) {
      if (!skills.has(canonicalSkill(skill))) skills.set(canonicalSkill(skill), skill);
    }
    return {
      skills: sameOrNew(vocabulary.skills, [...skills.values()]),
      categories: sameOrNew(
        vocabulary.categories,
        categoryRows.map((row) => row.category as string),
      ),
    };
  }

  async function recordCorrection(tx: Executor, ticketId: string, corrected: Correction): Promise<void> {
    const { ticket } = await loadTicket(tx, ticketId);
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
        return { ...row, priority, type, text: exampleText(row.title, row.body) };
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
        const ticketIds = options.asClosedTicketsBy
          ? await insertClosedTickets(tx, fresh, options.asClosedTicketsBy)
          : [];
        const inserted = await tx
          .insert(triageExamples)
          .values(
            fresh.map((row, index) => ({
              ticketId: ticketIds[index] ?? null,
              source: options.source,
              text: row.text,
              priority: row.priority,
              category: row.category?.trim() || null,
              type: row.type,
              skills: row.skills ?? null,
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

  return { ready: ensureLoaded, triageTicket, recordCorrection, importExamples, engine };
}

function triageDetails(result: TriageResult): TriageDetails {
  return {
    engine: result.engine,
    model: result.model,
    version: result.version,
    durationMs: result.durationMs,
    confidence: result.confidence,
    ...(result.fallbackReason && { fallbackReason: result.fallbackReason }),
  };
}

async function insertClosedTickets(
  tx: Executor,
  rows: (ImportRow & { priority: Priority | null; type: TicketType | null })[],
  createdBy: string,
): Promise<string[]> {
  const now = new Date();
  const inserted = await tx
    .insert(tickets)
    .values(
      rows.map((row) => ({
        title: row.title.slice(0, 200) || "(imported ticket)",
        description: row.body,
        status: "CLOSED" as const,
        priority: row.priority,
        category: row.category?.trim() || null,
        type: row.type,
        relatedSkills: row.skills ?? [],
        createdBy,
        resolvedAt: now,
      })),
    )
    .returning({ id: tickets.id });
  return inserted.map((row) => row.id);
}

/** Words of a ticket as an OR query, so that sharing some words is enough to be similar. */
function similarityQuery(text: string): string | undefined {
  const words = [...new Set(contentWords(text).filter((word) => /^[a-z0-9]+$/.test(word)))].slice(0, 16);
  return words.length > 0 ? words.join(" | ") : undefined;
}

/**
 * Resolved tickets closest to a text by full-text rank, each with how it was resolved: the
 * resolution note, else the last public reply.
 */
async function findSimilarResolved(
  executor: Executor,
  ticketId: string,
  text: string,
  limit: number,
): Promise<SimilarTicket[]> {
  const terms = similarityQuery(text);
  if (!terms) return [];
  const query = sql`to_tsquery('english', ${terms})`;
  const rank = sql<number>`ts_rank(${tickets.search}, ${query})`;
  const lastReply = sql<string | null>`(
    select ${ticketComments.body} from ${ticketComments}
    where ${ticketComments.ticketId} = ${tickets.id} and ${ticketComments.internal} = false
    order by ${ticketComments.createdAt} desc limit 1)`;
  const rows = await executor
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      resolution: tickets.resolution,
      lastReply,
      score: rank,
    })
    .from(tickets)
    .where(and(isNotNull(tickets.resolvedAt), ne(tickets.id, ticketId), sql`${tickets.search} @@ ${query}`))
    .orderBy(desc(rank), desc(tickets.resolvedAt))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    title: row.title,
    resolution: row.resolution ?? row.lastReply,
    score: Number(row.score),
  }));
}

function sameOrNew(previous: readonly string[], next: string[]): readonly string[] {
  return previous.length === next.length && previous.every((item, index) => item === next[index])
    ? previous
    : next;
}
