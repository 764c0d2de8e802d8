/**
 * A real `serve` process on the loaded database, and requests to it timed one at a time, the way
 * one person's screen asks: the latency of a request, not the throughput of many.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "@helpdesk/contracts";
import { percentile } from "../../apps/server/src/triage/evaluation.ts";
import { startHelpdesk, waitForServer } from "../../apps/server/test/faults/processes.ts";
import { freePort } from "../../apps/server/test/free-port.ts";

export type RunningServer = { baseUrl: string; stop(): Promise<void> };

/** `main.ts serve` with its background worker, as an operator runs it; limits raised for the benchmark. */
export async function startServer(databaseUrl: string): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-scale-"));
  const server = startHelpdesk(["serve"], {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: "scale-benchmark-secret-0123456789abcdefgh",
    AUTH_RATE_LIMIT: "10000",
    WRITE_RATE_LIMIT: "10000",
    LOG_LEVEL: "warn",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(baseUrl, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    baseUrl,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type SignedIn = { token: string; viewer: { id: string; email: string; role: Role } };

export async function signIn(baseUrl: string, email: string, password: string): Promise<SignedIn> {
  const reply = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!reply.ok) throw new Error(`login as ${email}: ${reply.status} ${await reply.text()}`);
  const { user, token } = (await reply.json()) as {
    user: { _id: string; email: string; role: Role };
    token: string;
  };
  return { token, viewer: { id: user._id, email: user.email, role: user.role } };
}

export type Timing = { p50: number; p95: number; lastRows: number | undefined };

/**
 * Sends `warmup + count` requests in a row and times the last `count`. `path` gets the previous
 * reply, so a request can follow the cursor of the page before.
 */
export async function timeRequests(
  baseUrl: string,
  token: string,
  path: (previous: unknown) => string,
  { count, warmup }: { count: number; warmup: number },
): Promise<Timing> {
  const samples: number[] = [];
  let previous: unknown;
  for (let index = 0; index < warmup + count; index++) {
    const url = `${baseUrl}${path(previous)}`;
    const startedAt = performance.now();
    const reply = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body: unknown = await reply.json();
    const elapsed = performance.now() - startedAt;
    if (!reply.ok) throw new Error(`GET ${url}: ${reply.status} ${JSON.stringify(body)}`);
    if (index >= warmup) samples.push(elapsed);
    previous = body;
  }
  const tickets = (previous as { tickets?: unknown[] } | undefined)?.tickets;
  return {
    p50: round(percentile(samples, 0.5)),
    p95: round(percentile(samples, 0.95)),
    lastRows: tickets?.length,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
