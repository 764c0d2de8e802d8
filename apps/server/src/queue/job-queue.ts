import { sql } from "drizzle-orm";
import { type DrizzleTransactionLike, fromDrizzle, fromPglite, type JobResult, PgBoss } from "pg-boss";
import type { z } from "zod";
import type { DatabaseHandle, Executor } from "../db/client.ts";
import { isStorageRefusal } from "../db/storage-guard.ts";
import type { AnyJobHandler, JobDefinition } from "../jobs/job.ts";

/** A worker refreshes the heartbeat of each job in hand at half this interval. */
const HEARTBEAT_SECONDS = 10;

/** Where jobs that used up their retries are copied, for the monitor and for a retry by hand. */
export const DEAD_LETTERS = "dead-letters";

export type SendOptions = {
  /** The transaction writing the row that causes the job: the job exists if and only if it commits. */
  tx?: Executor;
};

export type JobSummary = {
  id: string;
  name: string;
  state: string;
  attempts: number;
  retryLimit: number;
  data: Record<string, unknown>;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
};

export type JobSender = {
  send<P extends z.ZodType>(job: JobDefinition<P>, payload: z.input<P>, options?: SendOptions): Promise<void>;
};

export type JobQueue = JobSender & {
  /** Starts working these jobs in this process (the worker); cron jobs get their schedule. */
  work<Deps>(handlers: AnyJobHandler<Deps>[], deps: Deps): Promise<void>;
  recentJobs(limit: number): Promise<JobSummary[]>;
  findJob(id: string): Promise<JobSummary | undefined>;
  /** Runs a failed job again, with a fresh set of retries. */
  retry(job: Pick<JobSummary, "id" | "name">): Promise<void>;
  /** Waits for jobs in hand to finish (up to the timeout), then stops. */
  stop(): Promise<void>;
};

export type JobQueueOptions = {
  database: DatabaseHandle;
  /** Every job this installation knows: queues are created for all of them, worker or not. */
  jobs: JobDefinition[];
  /** First wait before a retry, in seconds; it doubles with each attempt. */
  retryDelaySeconds: number;
  onError?: (error: Error) => void;
  onJobFailed?: (name: string, error: unknown) => void;
};

/**
 * pg-boss on the application's own database: the embedded PGlite instance itself (one in-process
 * connection shared with Drizzle), or the PostgreSQL server, where any number of processes share it.
 */
export async function openJobQueue(options: JobQueueOptions): Promise<JobQueue> {
  const { database } = options;
  // A job whose worker died stops sending heartbeats; the monitor, every 10 s, hands it to another.
  const monitoring = { superviseIntervalSeconds: 10, monitorIntervalSeconds: 10 };
  const boss = database.pglite
    ? new PgBoss({ db: fromPglite(database.pglite), backend: "pglite", useListenNotify: true, ...monitoring })
    : new PgBoss({
        connectionString: database.url,
        max: 4,
        application_name: "helpdesk-jobs",
        useListenNotify: true,
        ...monitoring,
      });
  boss.on("error", (error) => {
    // A full or failed embedded database makes every poll fail; the storage guard has said so once.
    if (isStorageRefusal(error)) return;
    options.onError?.(error);
  });
  await boss.start();

  await boss.createQueue(DEAD_LETTERS, { retentionSeconds: 30 * 86_400, deleteAfterSeconds: 30 * 86_400 });
  for (const job of options.jobs) {
    const settings = {
      // Wakes idle workers the moment a job is sent, instead of at their next poll.
      notify: true,
      retryLimit: job.retryLimit ?? 5,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: job.retryDelayMax ?? 600,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: 15 * 60,
      deadLetter: DEAD_LETTERS,
    };
    await boss.createQueue(job.name, settings);
    // An existing queue keeps its first settings unless told otherwise.
    await boss.updateQueue(job.name, settings);
  }

  return {
    async send(job, payload, { tx } = {}) {
      const data = job.payload.parse(payload) as object;
      const db = tx ? fromDrizzle(tx as unknown as DrizzleTransactionLike, sql) : undefined;
      await boss.send(job.name, data, { db });
    },

    async work(handlers, deps) {
      for (const { job, handle } of handlers) {
        await boss.work(
          job.name,
          {
            // NOTIFY wakes an idle worker at once, but not one busy when jobs arrive, nor retries
            // coming due: without a short poll those would wait the 30 s notify default.
            pollingIntervalSeconds: 0.5,
            notifyPollingIntervalSeconds: 0.5,
            // Each fetch takes a batch worked side by side; while batches come back full there is a
            // backlog, and the next fetch follows at once instead of after the poll interval.
            batchSize: job.concurrency ?? 4,
            burstWhenBatchFull: true,
            // Two fetchers, so one slow job (an LLM call) does not hold back the queue.
            localConcurrency: 2,
            perJobResults: true,
          },
          (batch) =>
            Promise.all(
              batch.map(async (item): Promise<JobResult> => {
                try {
                  await handle(job.payload.parse(item.data), deps);
                  return { id: item.id, status: "completed" };
                } catch (error) {
                  options.onJobFailed?.(job.name, error);
                  return {
                    id: item.id,
                    status: "failed",
                    output: { message: String((error as Error).message ?? error) },
                  };
                }
              }),
            ),
        );
        if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
      }
    },

    async recentJobs(limit) {
      const result = await database.db.execute(
        sql`${SELECT_JOBS} order by created_on desc, id desc limit ${limit}`,
      );
      return rowsOf<JobRow>(result).map(toSummary);
    },

    async findJob(id) {
      const result = await database.db.execute(sql`${SELECT_JOBS} where id = ${id}::uuid`);
      return rowsOf<JobRow>(result).map(toSummary)[0];
    },

    async retry(job) {
      await boss.retry(job.name, job.id);
    },

    stop: () => boss.stop({ graceful: true, timeout: 15_000 }),
  };
}

const SELECT_JOBS = sql`select id, name, state, retry_count, retry_limit, data, output,
  created_on, started_on, completed_on from pgboss.job`;

/** node-postgres and PGlite both answer raw SQL with `{ rows }`. */
function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

type JobRow = {
  id: string;
  name: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  data: Record<string, unknown> | null;
  output: { message?: string } | null;
  created_on: string | Date;
  started_on: string | Date | null;
  completed_on: string | Date | null;
};

function toSummary(row: JobRow): JobSummary {
  const failed = row.state === "failed" || row.state === "retry";
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    attempts: row.started_on ? row.retry_count + 1 : row.retry_count,
    retryLimit: row.retry_limit,
    data: row.data ?? {},
    lastError: failed && row.output ? (row.output.message ?? JSON.stringify(row.output)) : null,
    createdAt: new Date(row.created_on),
    startedAt: row.started_on ? new Date(row.started_on) : null,
    completedAt: row.completed_on ? new Date(row.completed_on) : null,
  };
}
