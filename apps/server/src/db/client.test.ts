import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { withDatabaseName } from "../../test/postgres.ts";
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

describe.runIf(process.env.HELPDESK_TEST_DB === "postgres" && process.env.DATABASE_URL)(
  "migrating PostgreSQL",
  () => {
    it("lets several processes start on a new database at once: one migrates, the others wait", async () => {
      const url = process.env.DATABASE_URL as string;
      const name = `helpdesk_m_${randomBytes(5).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      try {
        const handles = await Promise.all(
          [1, 2, 3].map(() =>
            openDatabase({ databaseUrl: withDatabaseName(url, name), dataDir: "", poolSize: 2 }),
          ),
        );
        await Promise.all(handles.map((handle) => handle.migrate()));
        const [first] = handles;
        expect(await first?.isReachable()).toBe(true);
        await Promise.all(handles.map((handle) => handle.close()));
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    });
  },
);
