import { constants } from "node:fs";
import { access } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import { freeBytes } from "./data-dir.ts";
import { decideWrites, storageFailureOf } from "./storage-failure.ts";

/** A write refused while the embedded database's disk is nearly full or read-only; reads go on. */
export class WritesRefusedError extends Error {
  override name = "WritesRefusedError";
  constructor(
    /** "no space left on device (…)", "read-only file system", … */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The embedded database refuses writes: ${reason}`, options);
  }

  get isDiskFull(): boolean {
    return /^(no space left on device|disk quota exceeded)/.test(this.reason);
  }
}

/** The embedded database failed on its storage and takes no more queries until the process restarts. */
export class DatabaseStoppedError extends Error {
  override name = "DatabaseStoppedError";
}

export type StorageEvent =
  | { kind: "writes-refused"; message: string }
  | { kind: "writes-accepted"; message: string }
  | { kind: "failed"; message: string; error: unknown };

export type StorageGuard = {
  /** Measures again: why writes fail at the moment, or undefined while they work. */
  check(): Promise<string | undefined>;
  /** Whether the database failed: no query reaches it any more. */
  isFailed(): boolean;
  onEvent(listener: (event: StorageEvent) => void): void;
  stop(): void;
};

export type StorageGuardOptions = {
  /** DATA_DIR, for messages. */
  dataDir: string;
  /** The database's own folder, whose file system is measured. */
  dir: string;
  /** Writes stop while less than this is free (DATA_DIR_MIN_FREE); 0 never stops them. */
  minFreeBytes: number;
  /** How often free space and writability are measured between readiness checks. */
  intervalMs?: number;
};

/** SQLSTATE read_only_sql_transaction: what PostgreSQL answers a write while writes are refused. */
const READ_ONLY_TRANSACTION = "25006";

/**
 * Keeps an embedded database on a file system that fills up or turns read-only from ending in a
 * hang, and says so. PGlite is PostgreSQL in one process without a postmaster to reset it:
 *
 * - A write-ahead log segment it cannot create is a PANIC, which ends in Emscripten's abort(); the
 *   next query then spins in PGlite's message loop for ever (CPU at 100 %, /healthz and SIGTERM
 *   unanswered). A file it could not create or write leaves it failing every later write (seen:
 *   "File exists", "could not access status of transaction 0") while reads still answer. So a
 *   storage failure, or an abort, stops the instance: every later query is refused at once with
 *   DatabaseStoppedError, listeners hear `failed` (the server exits so its supervisor restarts
 *   it; PostgreSQL recovers from its log at the next start).
 * - Before it gets there, free space and writability are measured (every `intervalMs` and at each
 *   readiness check): below `minFreeBytes`, or on a read-only file system, the session is set to
 *   `default_transaction_read_only`, so PostgreSQL itself refuses every write (turned into
 *   WritesRefusedError) and reads go on; once space is back, writes are accepted again.
 */
export function guardStorage(pglite: PGlite, options: StorageGuardOptions): StorageGuard {
  const { dataDir, dir, minFreeBytes, intervalMs = 1000 } = options;
  const listeners: ((event: StorageEvent) => void)[] = [];
  const emit = (event: StorageEvent) => {
    // Outside PGlite's call stack: a listener may close the server.
    setImmediate(() => {
      for (const listener of listeners) listener(event);
    });
  };
  let failure: { reason: string } | undefined;
  let aborted = false;
  let refusing: string | undefined;

  const stopped = (cause?: unknown) =>
    new DatabaseStoppedError(
      `The embedded database stopped after a storage failure (${failure?.reason ?? "PostgreSQL aborted"}); restart Helpdesk once it is fixed`,
      cause === undefined ? undefined : { cause },
    );
  const fail = (error: unknown, reason: string) => {
    if (failure) return;
    failure = { reason };
    emit({
      kind: "failed",
      error,
      message:
        `The embedded database in ${dataDir} stopped after a storage failure (${reason}): ` +
        "it takes no more queries, and a restart recovers it from its write-ahead log",
    });
  };
  /** Every query passes here after PGlite's own: storage failures stop the instance. */
  const inspect = (error: unknown): unknown => {
    if (error instanceof DatabaseStoppedError) {
      // Refused at the door: after an abort that no error of PostgreSQL's explained.
      if (aborted) fail(error, "PostgreSQL aborted");
      return error;
    }
    const reason = storageFailureOf(error);
    if (reason || aborted) {
      fail(error, reason ?? "PostgreSQL aborted");
      return stopped(error);
    }
    if (refusing && (error as { code?: unknown }).code === READ_ONLY_TRANSACTION) {
      return new WritesRefusedError(refusing, { cause: error });
    }
    return error;
  };

  (pglite.Module as { onAbort?: (what: unknown) => void }).onAbort = () => {
    aborted = true;
  };
  // The one door into PostgreSQL's message loop: after a failure nothing goes through it.
  const runProtocol = pglite.execProtocolRawSync.bind(pglite);
  pglite.execProtocolRawSync = (message) => {
    if (failure || aborted) throw stopped();
    return runProtocol(message);
  };
  const execProtocol = pglite.execProtocol.bind(pglite);
  pglite.execProtocol = async (message, protocolOptions) => {
    try {
      return await execProtocol(message, protocolOptions);
    } catch (error) {
      throw inspect(error);
    }
  };
  const execProtocolStream = pglite.execProtocolStream.bind(pglite);
  pglite.execProtocolStream = async (message, protocolOptions) => {
    try {
      return await execProtocolStream(message, protocolOptions);
    } catch (error) {
      throw inspect(error);
    }
  };

  const problemNow = async (): Promise<string | undefined> => {
    try {
      await access(dir, constants.W_OK);
      const decision = decideWrites(await freeBytes(dir), minFreeBytes, refusing !== undefined);
      return decision.refuse ? `no space left on device (${decision.reason})` : undefined;
    } catch (error) {
      return storageFailureOf(error) ?? (error as Error).message;
    }
  };
  const measure = async (): Promise<string | undefined> => {
    if (failure) return stopped().message;
    const problem = await problemNow();
    if (problem && !refusing) {
      await pglite.exec("set default_transaction_read_only = on");
      emit({
        kind: "writes-refused",
        message: `Writes refused: ${problem} in ${dataDir}; reads go on, and writes resume by themselves once it is fixed`,
      });
    } else if (!problem && refusing) {
      await pglite.exec("set default_transaction_read_only = off");
      emit({ kind: "writes-accepted", message: `Writes accepted again in ${dataDir}` });
    }
    refusing = problem;
    return problem && `Writes are refused: ${problem}`;
  };
  let inFlight: Promise<string | undefined> | undefined;
  const check = () => {
    inFlight ??= measure().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
  const timer = setInterval(() => {
    // Only the SET can fail here: a session that cannot be made to refuse writes is not trusted.
    check().catch((error: unknown) => fail(error, storageFailureOf(error) ?? (error as Error).message));
  }, intervalMs);
  timer.unref();

  return {
    check,
    isFailed: () => failure !== undefined || aborted,
    onEvent: (listener) => void listeners.push(listener),
    stop: () => clearInterval(timer),
  };
}

/** The refusal behind an error (Drizzle wraps what the driver threw), if a refusal it was. */
export function writesRefusedIn(error: unknown): WritesRefusedError | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof WritesRefusedError) return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * Whether an error (or its cause) is the storage guard's refusal, a write while writes are refused
 * or any query once the database stopped. By name: pg-boss hands on copies of its errors.
 */
export function isStorageRefusal(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    typeof current === "object" && current && depth < 5;
    depth++
  ) {
    const { name, cause } = current as { name?: unknown; cause?: unknown };
    if (name === "WritesRefusedError" || name === "DatabaseStoppedError") return true;
    current = cause;
  }
  return false;
}
