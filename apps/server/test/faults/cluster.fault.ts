import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../harness.ts";
import { openAudit, TEAM, ticketBody } from "./exactly-once.ts";
import { type HelpdeskProcess, startHelpdesk, waitForServer } from "./processes.ts";

const TICKETS = 500;

let database: TestDatabase;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
const processes: HelpdeskProcess[] = [];
const servers: string[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const url = database.database.url as string;
  audit = await openAudit(url);
  dataDir = mkdtempSync(join(tmpdir(), "helpdesk-cluster-"));
  const env = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    JWT_SECRET: "y".repeat(40),
    AUTH_RATE_LIMIT: "100000",
    WRITE_RATE_LIMIT: "100000",
  };
  for (let index = 0; index < 2; index++) {
    const port = await freePort();
    const server = startHelpdesk(["serve", "--no-worker"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
    processes.push(server);
    servers.push(`http://127.0.0.1:${port}`);
    processes.push(startHelpdesk(["worker"], env));
  }
  await Promise.all(
    servers.map((base, index) => waitForServer(base, processes[index * 2] as HelpdeskProcess)),
  );
});
afterAll(async () => {
  for (const process of processes) await process.stop();
  await audit?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(base: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { token: string; user: { _id: string } };
}

it("two servers and two workers on one PostgreSQL handle 500 tickets exactly once", async () => {
  const [first, second] = servers as [string, string];
  const admin = await call(first, "/api/auth/signup", {
    email: "admin@example.com",
    password: "admin-password",
  });
  for (const [index, skills] of TEAM.entries()) {
    const email = `moderator-${index}@example.com`;
    const { user } = await call(second, "/api/auth/signup", { email, password: "a-good-password", skills });
    await call(first, "/api/auth/update-user", { email, role: "moderator" }, admin.token);
    const patched = await fetch(`${second}/api/users/${user._id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ capacity: 1000 }),
    });
    expect(patched.status).toBe(200);
  }
  const creator = await call(second, "/api/auth/signup", {
    email: "user@example.com",
    password: "a-good-password",
  });

  const startedAt = performance.now();
  for (let start = 0; start < TICKETS; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, TICKETS - start) }, (_, offset) => {
        const index = start + offset;
        return call(servers[index % 2] as string, "/api/tickets", ticketBody(index), creator.token);
      }),
    );
  }
  await audit.waitUntilRouted(TICKETS, 180_000);
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(
    `${TICKETS} tickets filed, triaged and routed in ${seconds.toFixed(1)} s: ${(TICKETS / seconds).toFixed(0)} tickets/s`,
  );
  await audit.expectExactlyOnce(TICKETS);
});
