/**
 * The databases a bench runs on: always a fresh embedded PGlite folder, and a fresh database on the
 * PostgreSQL server of DATABASE_URL when it is set (created for the run, dropped after).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type BenchDatabase = {
  label: "PGlite" | "PostgreSQL";
  /** The environment that points a server at it: DATA_DIR or DATABASE_URL. */
  env: Record<string, string>;
  remove(): Promise<void>;
};

export type DatabaseTarget = { label: BenchDatabase["label"]; create(): Promise<BenchDatabase> };

export function databaseTargets(): DatabaseTarget[] {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl ? [pglite, postgres(serverUrl)] : [pglite];
}

/** Where PostgreSQL figures would come from, for the notes of a run without them. */
export function describeSkippedPostgres(): string | undefined {
  return process.env.DATABASE_URL
    ? undefined
    : "PostgreSQL skipped: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to measure it too";
}

const pglite: DatabaseTarget = {
  label: "PGlite",
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-bench-data-"));
    return {
      label: "PGlite",
      env: { DATA_DIR: dataDir },
      remove: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

function postgres(serverUrl: string): DatabaseTarget {
  return {
    label: "PostgreSQL",
    async create() {
      const name = `helpdesk_bench_${randomBytes(4).toString("hex")}`;
      await runAdminQuery(serverUrl, `create database ${name}`);
      return {
        label: "PostgreSQL",
        env: { DATABASE_URL: withDatabaseName(serverUrl, name) },
        remove: () => runAdminQuery(serverUrl, `drop database if exists ${name} with (force)`),
      };
    },
  };
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function runAdminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
