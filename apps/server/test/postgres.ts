import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../src/db/client.ts";
import { ALL_JOBS } from "../src/jobs/definitions.ts";
import { openJobQueue } from "../src/queue/job-queue.ts";

/** A URL naming another database on the same server. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTemplateDatabase(url: string): Promise<string> {
  const name = `helpdesk_tpl_${randomBytes(4).toString("hex")}`;
  await admin(url, (client) => client.query(`create database ${name}`));
  const database = await openDatabase({ databaseUrl: withDatabaseName(url, name), dataDir: "", poolSize: 1 });
  await database.migrate();
  // The job queue's own tables too, which every app starts with (seconds on PGlite otherwise).
  await (await openJobQueue({ database, jobs: ALL_JOBS, retryDelaySeconds: 1 })).stop();
  await database.close();
  return name;
}

export async function dropTemplateDatabase(url: string, name: string): Promise<void> {
  await admin(url, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/** A fresh migrated database cloned from the run's template; returns its URL. */
export async function cloneDatabase(
  url: string,
  template: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `helpdesk_t_${randomBytes(6).toString("hex")}`;
  await admin(url, (client) => client.query(`create database ${name} template ${template}`));
  return {
    url: withDatabaseName(url, name),
    drop: () =>
      admin(url, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}
