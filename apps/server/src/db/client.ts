import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { dataDirError, prepareDataDir } from "./data-dir.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";
import * as schema from "./schema.ts";
import { DatabaseStoppedError, guardStorage, type StorageGuard } from "./storage-guard.ts";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, typeof schema>;
/** Anything that runs queries: the database itself or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  kind: "pglite" | "postgres";
  /** The embedded instance, for the job queue to share (DESIGN §9: one in-process instance). */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The PostgreSQL server's URL, for the job queue and the live-update listener's own connections. */
  url?: string;
  /** The embedded database's watch over its disk: why writes fail now, and when it failed. */
  storage?: StorageGuard;
  migrate(): Promise<void>;
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl?: string;
  dataDir: string;
  pglite?: PGlite;
  poolSize?: number;
  /** The embedded database refuses writes while less than this is free under DATA_DIR. */
  minFreeBytes?: number;
};

/** DATA_DIR_MIN_FREE's default: four write-ahead log segments. */
export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;

/** PostgreSQL when DATABASE_URL is set, otherwise an embedded PGlite under DATA_DIR. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (options.pglite) return openPglite(options.pglite, () => {});
  const { dataDir, minFreeBytes = DEFAULT_MIN_FREE_BYTES } = options;
  const dir = join(dataDir, "pglite");
  await prepareDataDir(dataDir, dir, minFreeBytes);
  let lock: ReturnType<typeof lockDataDir>;
  try {
    lock = lockDataDir(dataDir);
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
  try {
    const pglite = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
    return openPglite(pglite, lock.release, guardStorage(pglite, { dataDir, dir, minFreeBytes }));
  } catch (error) {
    lock.release();
    throw dataDirError(dataDir, error);
  }
}

function openPglite(pglite: PGlite, release: () => void, storage?: StorageGuard): DatabaseHandle {
  const db = drizzlePglite(pglite, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite,
    storage,
    migrate: async () => {
      await migratePglite(drizzlePglite(pglite), { migrationsFolder: migrationsFolder() });
      await openEveryTable(pglite);
    },
    isReachable: () => ping(db),
    close: async () => {
      storage?.stop();
      // A failed instance takes no more calls, its shutdown included; its log recovers it next time.
      if (!storage?.isFailed()) await pglite.close();
      release();
    },
  };
}

/**
 * Opens the files of every table and index now. PostgreSQL opens a relation's files read-write the
 * first time a query touches it, so on a disk that turned read-only a read of a table not used since
 * the start (a ticket's attachments, say) would fail; opened at start, reads go on.
 */
async function openEveryTable(pglite: PGlite): Promise<void> {
  const { rows } = await pglite.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema')`,
  );
  for (const { name } of rows) await pglite.query(`select 1 from ${name} limit 1`);
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection (database restart) must not crash the process; the pool
  // replaces it, and the operator is told.
  pool.on("error", (error) =>
    process.emitWarning(`An idle PostgreSQL connection was lost: ${error.message}`),
  );
  // The pool stops listening to a client while it is checked out (a transaction holds one), and a
  // connection lost then emits "error" with nobody listening, which ends the process. The query in
  // flight rejects with the same error, which is where it is reported, and the pool drops the client.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    pool,
    url,
    migrate: () => migratePostgresExclusively(pool),
    isReachable: () => ping(db),
    close: () => pool.end(),
  };
}

/**
 * Servers and workers started together on a new database would all run the migrations at once and
 * collide (two `create schema` → duplicate key, one process dies). A session advisory lock lets one
 * migrate while the others wait, then find nothing left to do.
 */
async function migratePostgresExclusively(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('helpdesk.migrate'))");
    try {
      await migratePostgres(drizzlePostgres(client), { migrationsFolder: migrationsFolder() });
    } finally {
      await client.query("select pg_advisory_unlock(hashtext('helpdesk.migrate'))");
    }
  } finally {
    client.release();
  }
}

/** SQLSTATEs of a server that is going away or not yet back: connection exceptions, shutdown, start-up. */
const UNAVAILABLE_STATES = /^(08...|57P0[123])$/;
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
]);
/** node-postgres's own words for a connection it lost or could not get in time. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether a failure means the PostgreSQL server could not be reached (down, restarting, the pool
 * timed out waiting for a connection), or the embedded database stopped after a storage failure,
 * rather than that the query was wrong: the request may succeed when tried again. Drizzle wraps
 * driver errors, so the causes are looked through.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof DatabaseStoppedError) return true;
    const code = (current as NodeJS.ErrnoException).code ?? "";
    if (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** The drizzle/ folder beside the server package, from src/db (tsx, tests) or from dist (build). */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, "drizzle");
    if (existsSync(join(candidate, "meta", "_journal.json"))) return candidate;
    dir = dirname(dir);
  }
  throw new Error("Cannot find the drizzle migrations folder");
}
