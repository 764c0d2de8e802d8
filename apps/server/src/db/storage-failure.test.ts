import { describe, expect, it } from "vitest";
import { decideWrites, describeBytes, storageFailureOf } from "./storage-failure.ts";

const MB = 1024 * 1024;
const postgresError = (message: string, code: string, detail?: string) =>
  Object.assign(new Error(message), { code, detail });

describe("a storage failure", () => {
  it("is read from PostgreSQL's file errors, in strerror's words, through Drizzle's wrapping", () => {
    const panic = postgresError(
      'could not write to file "pg_wal/xlogtemp.42": No space left on device',
      "53100",
    );
    expect(storageFailureOf(panic)).toBe("no space left on device");
    expect(storageFailureOf(new Error("Failed query: insert …", { cause: panic }))).toBe(
      "no space left on device",
    );
    const readOnly = postgresError(
      'could not create file "base/5/16385_fsm": Read-only file system',
      "42501",
    );
    expect(storageFailureOf(readOnly)).toBe("read-only file system");
    // What PGlite answers every write with after that, until it restarts.
    const wedged = postgresError('could not create file "base/5/16385_fsm": File exists', "58P02");
    expect(storageFailureOf(wedged)).toBe(wedged.message);
    const slru = postgresError(
      "could not access status of transaction 0",
      "53100",
      'Could not write to file "pg_notify/000000000000000" at offset 0: No space left on device.',
    );
    expect(storageFailureOf(slru)).toBe("no space left on device");
  });

  it("is read from Node's errno codes and from Emscripten's numbered ErrnoError", () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/data'"), {
      code: "EACCES",
    });
    expect(storageFailureOf(denied)).toBe("permission denied");
    const emscripten = Object.assign(new Error("FS error"), { name: "ErrnoError", errno: 51 });
    expect(storageFailureOf(emscripten)).toBe("no space left on device");
    expect(storageFailureOf(Object.assign(new Error("FS error"), { name: "ErrnoError", errno: 69 }))).toBe(
      "read-only file system",
    );
  });

  it("is not a wrong query, a permission on a table, a lost connection or anything thrown that is no error", () => {
    expect(storageFailureOf(postgresError('relation "nope" does not exist', "42P01"))).toBeUndefined();
    expect(storageFailureOf(postgresError("permission denied for table tickets", "42501"))).toBeUndefined();
    expect(storageFailureOf(postgresError("duplicate key value", "23505"))).toBeUndefined();
    expect(
      storageFailureOf(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })),
    ).toBeUndefined();
    expect(storageFailureOf("No space left on device")).toBeUndefined();
    expect(storageFailureOf(undefined)).toBeUndefined();
  });
});

describe("whether to refuse writes", () => {
  it("refuses below the reserve and says how much is free", () => {
    expect(decideWrites(63 * MB, 64 * MB, false)).toEqual({
      refuse: true,
      reason: "63 MB free, less than the 64 MB kept in reserve",
    });
    expect(decideWrites(65 * MB, 64 * MB, false)).toEqual({ refuse: false, reason: "65 MB free" });
  });

  it("once refusing, resumes only with a quarter more than the reserve free, so it does not flap", () => {
    expect(decideWrites(70 * MB, 64 * MB, true)).toEqual({
      refuse: true,
      reason: "70 MB free, writes resume at 80 MB",
    });
    expect(decideWrites(80 * MB, 64 * MB, true).refuse).toBe(false);
  });

  it("never refuses with no reserve", () => {
    expect(decideWrites(0, 0, false).refuse).toBe(false);
    expect(decideWrites(0, 0, true).refuse).toBe(false);
  });
});

describe("bytes for people", () => {
  it("uses the largest unit under 1024, one decimal below 100", () => {
    expect(describeBytes(512)).toBe("512 bytes");
    expect(describeBytes(1536)).toBe("1.5 KB");
    expect(describeBytes(63.84 * MB)).toBe("63.8 MB");
    expect(describeBytes(120 * MB)).toBe("120 MB");
    expect(describeBytes(3 * 1024 * MB)).toBe("3 GB");
  });
});
