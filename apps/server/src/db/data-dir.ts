import { accessSync, constants, mkdirSync } from "node:fs";
import { statfs } from "node:fs/promises";
import { decideWrites, storageFailureOf } from "./storage-failure.ts";

/** DATA_DIR cannot hold the embedded database: the command line prints the message alone, one line. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

const MAKE_WRITABLE = `make it writable by the user Helpdesk runs as (uid ${process.getuid?.() ?? "?"}), or set DATA_DIR to a folder it may write`;

/** What the operator can do about each storage problem. */
const ADVICE: Record<string, string> = {
  "permission denied": MAKE_WRITABLE,
  "operation not permitted": MAKE_WRITABLE,
  "read-only file system":
    "its file system is mounted read-only; mount it writable, or set DATA_DIR elsewhere",
  "no space left on device": "free some space on its file system, or set DATA_DIR to a larger one",
  "disk quota exceeded": "raise the quota, free some space, or set DATA_DIR elsewhere",
};

/**
 * Creates `dir` (the embedded database's folder under DATA_DIR) and checks that this process may
 * write there, before the database is touched: a folder it may not write, a read-only or a full
 * file system each end the start-up with one line that says so, instead of a stack trace or
 * PGlite's "failed to initialize properly".
 */
export async function prepareDataDir(dataDir: string, dir: string, minFreeBytes: number): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
  const free = await freeBytes(dir);
  const decision = decideWrites(free, minFreeBytes, false);
  if (decision.refuse) {
    throw new DataDirError(
      `Cannot start the embedded database in ${dataDir}: no space left on device ` +
        `(${decision.reason}, DATA_DIR_MIN_FREE); ${ADVICE["no space left on device"]}.`,
    );
  }
}

/** Space this process may still use on the file system that holds `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** The one line for a storage error met while opening DATA_DIR; other errors pass unchanged. */
export function dataDirError(dataDir: string, error: unknown): unknown {
  const reason = storageFailureOf(error);
  if (!reason) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const advice = ADVICE[reason];
  return new DataDirError(
    `Cannot use DATA_DIR ${dataDir}: ${reason}${code ? ` (${code})` : ""}${advice ? `; ${advice}` : ""}.`,
    { cause: error },
  );
}
