import {
  closeSync,
  existsSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DataDirError } from "./data-dir.ts";

/** The lock on one DATA_DIR, held until released or until the process ends, however it ends. */
export type DataDirLock = { release(): void };

/** Advisory locks on an open file, which the kernel drops when the file's last descriptor closes. */
export type FileLocks = { tryLock(fd: number): boolean };

export const LOCK_FILE = "pglite.lock";

/** A second process wanted the embedded database while another had it open. */
export class DataDirInUseError extends DataDirError {
  override name = "DataDirInUseError";
}

/**
 * The embedded database may be open in one process only: a second one (another `serve`, an
 * `import` while the server runs) would corrupt it. DATA_DIR/pglite.lock carries an OS file lock
 * (an open file description lock on Linux, flock elsewhere), which the kernel releases with the
 * process: a `kill -9`, a crash or a container's PID 1 dying leaves nothing behind, a pid reused
 * after a reboot means nothing, and two containers sharing the volume still exclude each other.
 * The file names the holder's pid for the message, and stays.
 *
 * Where the native lock cannot load, a pid file stands in (see lockWithPidFile).
 */
export function lockDataDir(dataDir: string, locks: FileLocks | null = loadFileLocks()): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  if (!locks) return lockWithPidFile(dataDir, file);
  const fd = openSync(file, "a+");
  if (!locks.tryLock(fd)) {
    closeSync(fd);
    throw inUse(dataDir, readFileSync(file, "utf8"));
  }
  ftruncateSync(fd, 0);
  writeSync(fd, `${process.pid}\n`);
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      closeSync(fd);
    },
  };
}

let fileLocks: FileLocks | null | undefined;

/** fs-native-extensions ships prebuilt binaries for the common platforms; elsewhere, null. */
export function loadFileLocks(): FileLocks | null {
  if (fileLocks === undefined) {
    try {
      fileLocks = createRequire(import.meta.url)("fs-native-extensions") as FileLocks;
    } catch (error) {
      fileLocks = null;
      process.emitWarning(
        `No OS file lock on this platform (${(error as Error).message.split("\n")[0]}): ` +
          "the embedded database is locked with a pid file instead",
      );
    }
  }
  return fileLocks;
}

const heldPidFiles = new Set<string>();

/**
 * The fallback: a file created exclusively, holding `pid` and the holder's command line. A holder
 * counts only while that pid runs that same program and is not this process (a container's
 * Helpdesk is PID 1 at every start, and a pid reused by another program after a reboot is not a
 * holder). This process's own locks are known by name.
 */
function lockWithPidFile(dataDir: string, file: string): DataDirLock {
  if (heldPidFiles.has(file)) throw inUse(dataDir, String(process.pid));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n${commandLineOf(process.pid) ?? ""}\n`, { flag: "wx" });
      heldPidFiles.add(file);
      return {
        release() {
          if (!heldPidFiles.delete(file)) return;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const [pid = "", command = ""] = readFileSync(file, "utf8").split("\n");
      if (isHolder(Number.parseInt(pid, 10), command)) throw inUse(dataDir, pid);
      rmSync(file, { force: true });
    }
  }
  throw new DataDirInUseError(`Cannot lock the embedded database in ${dataDir}`);
}

function isHolder(pid: number, command: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const running = commandLineOf(pid);
  // Without /proc (macOS) a live pid is all there is to go on; with it, a pid that vanished is gone.
  if (running === undefined) return !existsSync("/proc/self");
  return command === "" || running === command;
}

function commandLineOf(pid: number): string | undefined {
  try {
    // On one line, as the lock file keeps it.
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").replace(/\s+/g, " ").trim();
  } catch {
    return undefined;
  }
}

function inUse(dataDir: string, holder: string): DataDirInUseError {
  const pid = holder.split("\n")[0]?.trim() || "unknown";
  return new DataDirInUseError(
    `The embedded database in ${dataDir} is open in another Helpdesk process (pid ${pid}). ` +
      "Stop that process first, or use PostgreSQL (DATABASE_URL) to run several.",
  );
}
