import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A file system of the test's own: a tmpfs of a few hundred megabytes mounted on a fresh folder,
 * which the test fills, frees and turns read-only while a server writes to it. Mounting needs
 * root (or CAP_SYS_ADMIN), which CI has and a developer's machine may not.
 */
export type SmallDisk = {
  /** The mount point. */
  dir: string;
  /** Space an unprivileged writer may still use. */
  freeBytes(): number;
  /** Writes a filler file so that `bytes` stay free (or as near as the block size allows). */
  fillLeaving(bytes: number): void;
  /** Deletes the filler. */
  removeFiller(): void;
  /**
   * Makes the folder read-only for everyone who opens a file from now on: a read-only bind mount
   * over it (a tmpfs with files open for writing cannot be remounted read-only as a whole), so
   * the server's open files keep working and every new file, or file opened again, fails with
   * EROFS, as a disk that turns read-only under a running database does.
   */
  makeReadOnly(): void;
  makeWritable(): void;
  /** Unmounts everything and deletes the mount point. */
  remove(): void;
};

const FILLER = ".filler";

/** Why this machine cannot mount a small disk for a test, or undefined when it can. */
export function whyNoSmallDisk(): string | undefined {
  if (process.platform !== "linux") return "mounting a tmpfs needs Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  try {
    mountSmallDisk(1).remove();
    return undefined;
  } catch (error) {
    return `mount -t tmpfs failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

export function mountSmallDisk(megabytes: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-disk-"));
  const run = (...args: string[]) => execFileSync(args[0] as string, args.slice(1), { stdio: "pipe" });
  try {
    run("mount", "-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let readOnly = false;
  const freeBytes = () => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  const disk: SmallDisk = {
    dir,
    freeBytes,
    fillLeaving(bytes) {
      const filler = join(dir, FILLER);
      writeFileSync(filler, "", { flag: "a" });
      const extra = freeBytes() - bytes;
      if (extra > 0) writeFileSync(filler, Buffer.alloc(extra), { flag: "a" });
    },
    removeFiller() {
      rmSync(join(dir, FILLER), { force: true });
    },
    makeReadOnly() {
      run("mount", "--bind", dir, dir);
      run("mount", "-o", "remount,bind,ro", dir);
      readOnly = true;
    },
    makeWritable() {
      // Lazily: a reader may still hold a file opened through the read-only mount.
      run("umount", "-l", dir);
      readOnly = false;
    },
    remove() {
      if (readOnly) disk.makeWritable();
      run("umount", "-l", dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return disk;
}
