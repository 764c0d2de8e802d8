import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable, openDatabase } from "./client.ts";

const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-lock-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded database", () => {
  it("opens in one process at a time, and again once closed or its holder is gone", async () => {
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/open in another Helpdesk process \(pid \d+\)/);
    await first.close();

    // A lock left by a process that died (no such pid) does not keep the database shut.
    writeFileSync(join(dataDir, "pglite.lock"), "999999999");
    const again = await openDatabase({ dataDir });
    expect(await again.isReachable()).toBe(true);
    await again.close();
  });
});

describe("a database failure", () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it("counts as the database being unavailable when the server is down, stopping or starting", () => {
    expect(isDatabaseUnavailable(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("terminating connection", "57P01"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("the database system is starting up", "57P03"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    // Drizzle wraps the driver's error.
    const wrapped = new Error("Failed query: select 1", { cause: withCode("read ECONNRESET", "ECONNRESET") });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  });

  it("does not when the query itself is wrong", () => {
    expect(isDatabaseUnavailable(withCode("duplicate key value", "23505"))).toBe(false);
    expect(isDatabaseUnavailable(withCode('relation "nope" does not exist', "42P01"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: "not an error" }))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
