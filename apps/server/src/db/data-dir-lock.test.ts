import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { spawnProcess } from "../../test/spawn-process.ts";
import { LOCK_FILE, loadFileLocks, lockDataDir } from "./data-dir-lock.ts";

const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-lock-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const LOCK_MODULE = fileURLToPath(new URL("./data-dir-lock.ts", import.meta.url));

/** Another process that takes the lock and keeps it until it is killed. */
async function holdLockElsewhere(dataDir: string, withOsLock: boolean) {
  const script = `import(${JSON.stringify(LOCK_MODULE)}).then((lock) => {
    lock.lockDataDir(${JSON.stringify(dataDir)}${withOsLock ? "" : ", null"});
    console.log("locked");
    setInterval(() => {}, 1000);
  });`;
  const holder = spawnProcess(process.execPath, ["--import", "tsx", "-e", script]);
  await holder.waitUntilReady({ line: "locked" }, { timeoutMs: 20_000 });
  return holder;
}

describe.runIf(loadFileLocks())("the embedded database's lock", () => {
  it("is refused to a second opener in this process, naming the holder, and free again once released", () => {
    const dataDir = newDataDir();
    const lock = lockDataDir(dataDir);
    expect(readFileSync(join(dataDir, LOCK_FILE), "utf8")).toBe(`${process.pid}\n`);
    expect(() => lockDataDir(dataDir)).toThrow(
      new RegExp(`open in another Helpdesk process \\(pid ${process.pid}\\)`),
    );
    lock.release();
    lockDataDir(dataDir).release();
  });

  it("is released by the kernel when its holder is killed: no stale lock after kill -9", async () => {
    const dataDir = newDataDir();
    const holder = await holdLockElsewhere(dataDir, true);
    expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`\\(pid ${holder.pid}\\)`));
    await holder.stop("SIGKILL");
    // The file still names the dead holder; the lock on it went with the process.
    expect(readFileSync(join(dataDir, LOCK_FILE), "utf8")).toBe(`${holder.pid}\n`);
    lockDataDir(dataDir).release();
  });

  it("takes no notice of the pid in the file: its own, or PID 1 as a container's process always is", () => {
    for (const pid of [process.pid, 1]) {
      const dataDir = newDataDir();
      writeFileSync(join(dataDir, LOCK_FILE), `${pid}\n`);
      lockDataDir(dataDir).release();
    }
  });
});

describe("the pid file that stands in where no OS file lock loads", () => {
  it("holds against this process and against a live process running the same program", async () => {
    const dataDir = newDataDir();
    const lock = lockDataDir(dataDir, null);
    expect(() => lockDataDir(dataDir, null)).toThrow(/open in another Helpdesk process/);
    lock.release();

    const holder = await holdLockElsewhere(dataDir, false);
    expect(() => lockDataDir(dataDir, null)).toThrow(new RegExp(`\\(pid ${holder.pid}\\)`));
    await holder.stop("SIGKILL");
    lockDataDir(dataDir, null).release();
  });

  it("counts its own pid, a dead pid and a pid now running another program as stale", async () => {
    const other = spawnProcess("sleep", ["30"]);
    try {
      for (const holder of [
        `${process.pid}\nnode helpdesk`,
        "999999999\nnode helpdesk",
        `${other.pid}\nnode helpdesk`,
      ]) {
        const dataDir = newDataDir();
        writeFileSync(join(dataDir, LOCK_FILE), `${holder}\n`);
        lockDataDir(dataDir, null).release();
      }
    } finally {
      await other.stop("SIGKILL");
    }
  });
});
