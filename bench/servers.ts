/**
 * The processes a bench measures: the Helpdesk server as operators run it (the built bundle,
 * NODE_ENV=production, JSON logs at info) and a hello-world Fastify baseline, each in its own
 * process, started and read the same way.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../apps/server/test/free-port.ts";
import { spawnProcess } from "../apps/server/test/spawn-process.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SERVER_BUNDLE = join(ROOT, "apps/server/dist/main.js");
const BASELINE_SERVER = join(ROOT, "bench/baseline-server.mjs");

const CLOCK_TICKS_PER_SECOND = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));

/** The same secret for every process of a run, so tokens stay valid across restarts. */
export const BENCH_JWT_SECRET = "bench-".repeat(8);

export type Memory = { rssMiB: number; peakRssMiB: number };

export type ServerProcess = {
  pid: number;
  baseUrl: string;
  /** From spawning the process to its first 200 on the ready path. */
  startupMs: number;
  memory(): Memory;
  /** CPU time the process has used so far (user + system), in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

/** Builds the bundle operators run (`npm run build` does the same) from the source as it is now. */
export function buildServer(): void {
  execFileSync("npm", ["run", "build", "--silent", "-w", "apps/server"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** `serve` with its worker, on the database `env` names (DATA_DIR or DATABASE_URL). */
export function startHelpdesk(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: call buildServer() first`);
  return startServerProcess([SERVER_BUNDLE, "serve"], "/readyz", {
    NODE_ENV: "production",
    JWT_SECRET: BENCH_JWT_SECRET,
    // The limits protect a real installation from one account; the bench is one account on purpose.
    AUTH_RATE_LIMIT: "1000000",
    WRITE_RATE_LIMIT: "1000000000",
    ...env,
  });
}

/** Fastify answering {hello: "world"}, no plugins, no logger: what the machine does with no work. */
export function startBaseline(): Promise<ServerProcess> {
  return startServerProcess([BASELINE_SERVER], "/", {});
}

/** Runs `work` and says how busy the process was meanwhile, in % of one core (200 = two cores). */
export async function measureCpu<T>(
  server: ServerProcess,
  work: () => Promise<T>,
): Promise<{ result: T; cpuPercent: number }> {
  const cpuBefore = server.cpuSeconds();
  const startedAt = performance.now();
  const result = await work();
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  return { result, cpuPercent: Math.round(((server.cpuSeconds() - cpuBefore) / elapsedSeconds) * 100) };
}

/** Reads VmRSS and VmHWM (the peak) of a process from /proc; Linux only. */
export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kibibytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rssMiB: kibibytes("VmRSS") / 1024, peakRssMiB: kibibytes("VmHWM") / 1024 };
}

async function startServerProcess(
  args: string[],
  readyPath: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Its own working folder: no .env of the checkout is read, and the output is kept for failures in
  // a file, so that the bench process does no work for the server's log lines while it measures.
  const workDir = mkdtempSync(join(tmpdir(), "helpdesk-bench-process-"));
  const startedAt = performance.now();
  const server = spawnProcess(process.execPath, args, {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), HOST: "127.0.0.1", ...env },
    outputFile: join(workDir, "output.log"),
  });
  const stop = async () => {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    // Polled every 5 ms, so start-up times are measured to within a few milliseconds.
    await server.waitUntilReady({ url: `${baseUrl}${readyPath}` }, { timeoutMs: 60_000, intervalMs: 5 });
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = performance.now() - startedAt;
  return {
    pid: server.pid,
    baseUrl,
    startupMs,
    memory: () => readMemory(server.pid),
    cpuSeconds: () => readCpuSeconds(server.pid),
    stop,
  };
}

/** utime + stime from /proc/<pid>/stat, fields 14 and 15, counted after the command's closing parenthesis. */
function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}
