/**
 * Measures POST /api/tickets → "assigned" (as an SSE client sees it) against a real `serve` process
 * with its worker: one ticket at a time (latency), then a burst (throughput). Not a test; run with
 *   npx tsx apps/server/test/faults/measure-latency.ts            (embedded database)
 *   BENCH_DATABASE_URL=postgres://… npx tsx apps/server/test/faults/measure-latency.ts
 * The PostgreSQL database must be empty (migrations run at start).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEAM, ticketBody } from "./exactly-once.ts";
import { startHelpdesk, waitForServer } from "./processes.ts";

const SEQUENTIAL = Number(process.env.SEQUENTIAL ?? 200);
const BURST = Number(process.env.BURST ?? 300);
const port = 3900 + Math.floor(Math.random() * 100);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-latency-"));
const server = startHelpdesk(["serve"], {
  DATA_DIR: dataDir,
  PORT: String(port),
  HOST: "127.0.0.1",
  AUTH_RATE_LIMIT: "100000",
  WRITE_RATE_LIMIT: "100000",
  JWT_SECRET: "l".repeat(40),
  ...(process.env.BENCH_DATABASE_URL && { DATABASE_URL: process.env.BENCH_DATABASE_URL }),
});

type Reply = { token: string; user: { _id: string }; ticket: { _id: string } };
async function call(path: string, body: unknown, token?: string, method = "POST"): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Reply;
}

/** Resolves once the stream has announced the ticket's assignment (even if it came first). */
function watchAssignments(body: AsyncIterable<Uint8Array>): (ticketId: string) => Promise<void> {
  const waiting = new Map<string, () => void>();
  const seen = new Set<string>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data || !block.startsWith("event: ticket")) continue;
        const { ticketId, kind } = JSON.parse(data) as { ticketId: string; kind: string };
        if (kind !== "assigned") continue;
        seen.add(ticketId);
        waiting.get(ticketId)?.();
      }
    }
  })();
  return (ticketId) =>
    new Promise((resolve) => (seen.has(ticketId) ? resolve() : waiting.set(ticketId, resolve)));
}

try {
  await waitForServer(base, server);
  const admin = await call("/api/auth/signup", { email: "admin@example.com", password: "admin-password" });
  for (const [index, skills] of TEAM.entries()) {
    const email = `moderator-${index}@example.com`;
    const { user } = await call("/api/auth/signup", { email, password: "a-good-password", skills });
    await call("/api/auth/update-user", { email, role: "moderator" }, admin.token);
    await call(`/api/users/${user._id}`, { capacity: 1000 }, admin.token, "PATCH");
  }
  const creator = await call("/api/auth/signup", { email: "user@example.com", password: "a-good-password" });
  const { token } = await call("/api/stream/token", {}, admin.token);
  const stream = await fetch(`${base}/api/stream?token=${token}`);
  const assigned = watchAssignments(stream.body as unknown as AsyncIterable<Uint8Array>);

  const latencies: number[] = [];
  for (let index = 0; index < SEQUENTIAL; index++) {
    const startedAt = performance.now();
    const { ticket } = await call("/api/tickets", ticketBody(index), creator.token);
    await assigned(ticket._id);
    latencies.push(performance.now() - startedAt);
  }
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(0);
  console.log(
    `POST → assigned, ${SEQUENTIAL} tickets one at a time: p50 ${percentile(50)} ms, p90 ${percentile(90)} ms, p99 ${percentile(99)} ms`,
  );

  const startedAt = performance.now();
  const done: Promise<void>[] = [];
  for (let start = 0; start < BURST; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, BURST - start) }, async (_, offset) => {
        const { ticket } = await call("/api/tickets", ticketBody(start + offset), creator.token);
        done.push(assigned(ticket._id));
      }),
    );
  }
  await Promise.all(done);
  const seconds = (performance.now() - startedAt) / 1000;
  console.log(
    `burst of ${BURST}: all assigned in ${seconds.toFixed(1)} s = ${(BURST / seconds).toFixed(1)} tickets/s (${((2 * BURST) / seconds).toFixed(1)} jobs/s: ticket.created + mail.send)`,
  );
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
