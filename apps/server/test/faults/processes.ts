import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "../free-port.ts";
import { type RunningProcess, spawnProcess } from "../spawn-process.ts";
import { openEventStream } from "../sse-reader.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const execFileAsync = promisify(execFile);

export type HelpdeskProcess = RunningProcess;

/**
 * Runs `main.ts <command>` as its own process, the way an operator would; `inside` runs it under
 * another program (`unshare --pid --fork …`, as a container does).
 */
export function startHelpdesk(
  command: string[],
  env: Record<string, string>,
  { inside = [] }: { inside?: string[] } = {},
): HelpdeskProcess {
  const node = [process.execPath, "--import", "tsx", "apps/server/src/main.ts", ...command];
  const [program = process.execPath, ...args] = [...inside, ...node];
  return spawnProcess(program, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
  });
}

/** A server is up once it answers /readyz. */
export async function waitForServer(baseUrl: string, server: HelpdeskProcess): Promise<void> {
  await server.waitUntilReady({ url: `${baseUrl}/readyz` }, { timeoutMs: 60_000 });
}

export type PrivatePostgres = {
  /** postgres://… of the cluster's `postgres` database. */
  url: string;
  /** Stops the server: "immediate" is a crash (no checkpoint, connections cut), "fast" a clean stop. */
  stop(mode?: "immediate" | "fast"): Promise<void>;
  /** Starts it again on the same port and data (after a crash, PostgreSQL recovers from its WAL). */
  start(): Promise<void>;
  /** Stops it if it runs and deletes its data. */
  remove(): Promise<void>;
};

/** The newest installed PostgreSQL's binaries (Debian's layout), or undefined when there are none. */
export function findPostgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, "bin", "initdb")))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

/**
 * A PostgreSQL cluster of the test's own, on a free port, that the test may crash and restart
 * without touching the shared service. PostgreSQL refuses to run as root, so as root its
 * binaries run as the `postgres` user, who owns the data folder.
 */
export async function startPrivatePostgres(binaries: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const owner = await execFileAsync("id", ["-u", "postgres"]);
    const group = await execFileAsync("id", ["-g", "postgres"]);
    chownSync(dir, Number(owner.stdout.trim()), Number(group.stdout.trim()));
  }
  const run = (binary: string, args: string[]) =>
    asRoot
      ? execFileAsync("runuser", ["-u", "postgres", "--", join(binaries, binary), ...args])
      : execFileAsync(join(binaries, binary), args);
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = async () => {
    await run("pg_ctl", ["start", "-w", "-D", data, "-l", join(dir, "server.log"), "-o", serverOptions]);
  };
  const stop = async (mode: "immediate" | "fast" = "fast") => {
    await run("pg_ctl", ["stop", "-w", "-D", data, "-m", mode]);
  };
  await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async remove() {
      if (existsSync(join(data, "postmaster.pid"))) await stop("immediate");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Reply = { status: number; body: Record<string, unknown> };

/** A JSON request to a server under test; gives up after `timeoutMs` (a hang fails the test). */
export async function requestJson(
  base: string,
  path: string,
  { method = "POST", body, token, timeoutMs = 15_000 }: RequestOptions = {},
): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { "content-type": "application/json" }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

type RequestOptions = { method?: string; body?: unknown; token?: string; timeoutMs?: number };

/** The same, for a call that must succeed: anything but 2xx throws with the server's answer. */
export async function callJson<T = Record<string, unknown>>(
  base: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const reply = await requestJson(base, path, options);
  if (reply.status < 200 || reply.status > 299) {
    throw new Error(`${options.method ?? "POST"} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body as T;
}

export type TicketStream = {
  /** Ticket events heard, in order. */
  tickets: { ticketId: string; kind: string }[];
  /** How many `ready` events arrived (the first on opening). */
  readyCount(): number;
  /** Why the stream ended, or undefined while it is open. */
  endedBecause(): string | undefined;
  close(): void;
};

/** Opens GET /api/stream as a browser would (with a stream token) and keeps what it hears. */
export async function openTicketStream(base: string, token: string): Promise<TicketStream> {
  const { token: streamToken } = await callJson<{ token: string }>(base, "/api/stream/token", { token });
  const tickets: TicketStream["tickets"] = [];
  let ready = 0;
  const stream = await openEventStream(`${base}/api/stream?token=${streamToken}`, ({ event, data }) => {
    if (event === "ready") ready++;
    if (event === "ticket") tickets.push(JSON.parse(data));
  });
  const reasons = { server: "the server ended it", close: "closed by the test" };
  return {
    tickets,
    readyCount: () => ready,
    endedBecause() {
      const end = stream.end();
      return end && (end.by === "error" ? `failed: ${end.error.message}` : reasons[end.by]);
    },
    close: () => void stream.close(),
  };
}
