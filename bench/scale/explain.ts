/**
 * The SQL the app sends, and what PostgreSQL does with it. Statements are captured from the
 * app's own services through Drizzle's query logger (no copies of the SQL to drift out of date),
 * then run again under EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON).
 */
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Database } from "../../apps/server/src/db/client.ts";
import * as schema from "../../apps/server/src/db/schema.ts";

export type CapturedQuery = { sql: string; params: unknown[] };

class EnoughCaptured extends Error {}
const TRANSACTION_CONTROL = /^(begin|commit|rollback|savepoint|release)\b/i;

/**
 * Runs `work` on a database handle that records every statement it sends, but for transaction
 * control. With `limit`, the statement after the first `limit` is not sent and `work` ends there
 * (its transaction rolled back): a job's reads are captured without letting it write.
 */
export async function captureQueries(
  pool: pg.Pool,
  work: (db: Database) => Promise<unknown>,
  { limit = Number.POSITIVE_INFINITY } = {},
): Promise<CapturedQuery[]> {
  const queries: CapturedQuery[] = [];
  const logQuery = (sql: string, params: unknown[]) => {
    if (TRANSACTION_CONTROL.test(sql)) return;
    if (queries.length >= limit) throw new EnoughCaptured();
    queries.push({ sql, params });
  };
  try {
    await work(drizzle(pool, { schema, logger: { logQuery } }) as unknown as Database);
  } catch (error) {
    if (!(error instanceof EnoughCaptured)) throw error;
  }
  return queries;
}

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Sort Method"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

export type PlanSummary = {
  executionMs: number;
  /** The plan's steps on the big tables, in plan order: "Index Scan tickets_created_idx", "Sort (top-N heapsort)". */
  steps: string[];
  /** Tables read in full. A few hundred users is fine; tickets or their events is not. */
  seqScans: string[];
  /** Rows PostgreSQL looked at in tables (kept or filtered out): the work behind the answer. */
  rowsRead: number;
};

const SCANS = new Set(["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"]);
const BIG_TABLES = new Set(["tickets", "ticket_events"]);

export async function explain(pool: pg.Pool, query: CapturedQuery): Promise<PlanSummary> {
  const { rows } = await pool.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time": number }] }>(
    `explain (analyze, buffers, format json) ${query.sql}`,
    query.params,
  );
  const [result] = rows[0]?.["QUERY PLAN"] ?? [];
  if (!result) throw new Error(`no plan for: ${query.sql}`);
  const summary: PlanSummary = {
    executionMs: Math.round(result["Execution Time"] * 100) / 100,
    steps: [],
    seqScans: [],
    rowsRead: 0,
  };
  visit(result.Plan, summary);
  return summary;
}

function visit(node: PlanNode, summary: PlanSummary): void {
  const type = node["Node Type"];
  const relation = node["Relation Name"];
  const index = node["Index Name"];
  if (type === "Seq Scan" && relation) summary.seqScans.push(relation);
  if (SCANS.has(type) && relation) {
    const looked =
      node["Actual Rows"] +
      (node["Rows Removed by Filter"] ?? 0) +
      (node["Rows Removed by Index Recheck"] ?? 0);
    summary.rowsRead += looked * node["Actual Loops"];
  }
  const onBigTable =
    (relation && BIG_TABLES.has(relation)) ||
    (index && [...BIG_TABLES].some((table) => index.startsWith(`${table}_`)));
  if (onBigTable && type !== "Bitmap Heap Scan") summary.steps.push(`${type} ${index ?? relation}`);
  if (type === "Sort" || type === "Incremental Sort") {
    const input = node.Plans?.[0]?.["Actual Rows"] ?? 0;
    summary.steps.push(`${type}${node["Sort Method"] ? ` (${node["Sort Method"]})` : ""} of ${input} rows`);
  }
  for (const child of node.Plans ?? []) visit(child, summary);
}

/** Whether the plan avoids reading a big table in full. */
export const usesIndexes = (plan: PlanSummary) => !plan.seqScans.some((table) => BIG_TABLES.has(table));
