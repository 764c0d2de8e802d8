/**
 * What a failure of the embedded database's storage looks like, and when to stop writing: pure
 * decisions over an error or a free-space figure, for the storage guard and the start-up checks.
 */

/** Node's and the operating system's errno names, in the words `strerror` uses. */
const ERRNO_REASONS: Record<string, string> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "input/output error",
};

/** PGlite's file system is Emscripten's, whose ErrnoError carries WASI numbers instead of names. */
const EMSCRIPTEN_ERRNOS: Record<number, string> = {
  51: "ENOSPC",
  19: "EDQUOT",
  69: "EROFS",
  2: "EACCES",
  63: "EPERM",
  29: "EIO",
};

/**
 * PostgreSQL's SQLSTATEs for a file it could not create, open, extend, write or sync (its
 * `errcode_for_file_access` and the I/O error paths), and for a full disk: class 58 (system error)
 * and 53100 (disk_full). 42501 is also "permission denied for table", so it counts only with a
 * file in its message.
 */
const STORAGE_STATES = /^(58...|53100)$/;
const FILE_ACCESS_MESSAGE = /^could not [a-z ]+ (file|directory) "[^"]*"/;

/**
 * The storage problem behind an error, in words ("no space left on device", "read-only file
 * system", …), or undefined when the error is not about storage (a wrong query, a constraint, a
 * lost connection). Drizzle wraps the driver's error, so the causes are looked through.
 */
export function storageFailureOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const { code, errno, detail } = current as Error & { code?: unknown; errno?: unknown; detail?: unknown };
    if (typeof code === "string" && ERRNO_REASONS[code]) return ERRNO_REASONS[code];
    if (current.name === "ErrnoError" && typeof errno === "number" && EMSCRIPTEN_ERRNOS[errno]) {
      return ERRNO_REASONS[EMSCRIPTEN_ERRNOS[errno] as string];
    }
    const fromPostgres =
      typeof code === "string" &&
      (STORAGE_STATES.test(code) || (code === "42501" && FILE_ACCESS_MESSAGE.test(current.message)));
    if (fromPostgres) {
      return (
        reasonIn(current.message) ??
        (typeof detail === "string" ? reasonIn(detail) : undefined) ??
        current.message
      );
    }
    current = current.cause;
  }
  return undefined;
}

/** PostgreSQL ends a file error with strerror's words: `could not write to file "x": No space left on device`. */
function reasonIn(message: string): string | undefined {
  const words = message
    .match(/: ([^:"]+?)\.?$/)?.[1]
    ?.trim()
    .toLowerCase();
  return words && Object.values(ERRNO_REASONS).includes(words) ? words : undefined;
}

export type WriteDecision = { refuse: boolean; reason: string };

/**
 * Whether the embedded database should refuse writes with this much space free. PostgreSQL stops
 * for good (PANIC) when it cannot create its next 16 MB write-ahead log segment, so writes stop while
 * `minFree` is still free, and start again only once a quarter more is free, so a disk hovering at
 * the line does not flip between the two with every measurement.
 */
export function decideWrites(freeBytes: number, minFreeBytes: number, refusing: boolean): WriteDecision {
  const resumeAt = minFreeBytes + Math.ceil(minFreeBytes / 4);
  const free = describeBytes(freeBytes);
  if (freeBytes < minFreeBytes) {
    return {
      refuse: true,
      reason: `${free} free, less than the ${describeBytes(minFreeBytes)} kept in reserve`,
    };
  }
  if (refusing && freeBytes < resumeAt) {
    return { refuse: true, reason: `${free} free, writes resume at ${describeBytes(resumeAt)}` };
  }
  return { refuse: false, reason: `${free} free` };
}

/** Bytes for people: "512 bytes", "63.9 MB", "1.5 GB", "120 KB". */
export function describeBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 || unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${units[unit]}`;
}
