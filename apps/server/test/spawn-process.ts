/**
 * A program run as its own process by a test, a fault run, the browser suite or a benchmark: the
 * server, the worker, the CLI, `npm start`. One place that starts it with its arguments and
 * environment, keeps what it prints, waits until it is ready (a log line or a URL answering 2xx)
 * with a time-out that quotes that output, stops it (SIGTERM, then SIGKILL), and kills it if this
 * process exits first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export type SpawnOptions = {
  cwd?: string;
  /** The whole environment of the process; this process's when unset. */
  env?: NodeJS.ProcessEnv;
  /**
   * stdout and stderr go straight to this file instead of through this process, which then does no
   * work per line (a server logging every request under a benchmark's load); output() reads the file.
   */
  outputFile?: string;
  /** A process group of its own, so stop() ends what it starts too (`npm start` runs node). */
  group?: boolean;
  /** How long stop() waits after its signal before it sends SIGKILL; 15 s unless set. */
  killAfterMs?: number;
};

/** Ready once the output matches `line`, or once a GET of `url` answers 2xx. */
export type Readiness = { line: RegExp | string } | { url: string };

export type ReadyOptions = { timeoutMs?: number; intervalMs?: number };

export type RunningProcess = {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far, as they came. */
  output(): string;
  /** stdout alone (with outputFile, both streams share the file: the same as output()). */
  stdout(): string;
  /** The exit code (null when a signal ended it), once the process has exited and its output is read. */
  exited: Promise<number | null>;
  isRunning(): boolean;
  /** Resolves when ready; rejects, quoting the output, if the process exits first or `timeoutMs` (60 s) passes. */
  waitUntilReady(readiness: Readiness, options?: ReadyOptions): Promise<void>;
  /** Sends `signal` (SIGTERM), SIGKILL after killAfterMs, and resolves once it (and its group) is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

const OUTPUT_QUOTED = 8000;
const running = new Set<() => void>();
let killingOnExit = false;

export function spawnProcess(command: string, args: string[], options: SpawnOptions = {}): RunningProcess {
  const { cwd, env = process.env, outputFile, group = false, killAfterMs = 15_000 } = options;
  const name = [command, ...args].join(" ");
  const fileDescriptor = outputFile === undefined ? undefined : openSync(outputFile, "w");
  const child = spawn(command, args, {
    cwd,
    env,
    detached: group,
    stdio: ["ignore", fileDescriptor ?? "pipe", fileDescriptor ?? "pipe"],
  });
  if (fileDescriptor !== undefined) closeSync(fileDescriptor);
  let failure: Error | undefined;
  child.on("error", (error) => {
    failure = error;
  });
  if (child.pid === undefined) throw new Error(`${name}: could not be started (is ${command} installed?)`);
  const pid = child.pid;

  let output = "";
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk;
  });
  const readOutput = () => (outputFile === undefined ? output : readFileSync(outputFile, "utf8"));

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const send = (signal: NodeJS.Signals) => {
    try {
      if (group) process.kill(-pid, signal);
      else child.kill(signal);
    } catch (error) {
      // The group is gone already: there is nothing left to signal.
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  };
  const isGroupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
      throw error;
    }
  };
  const killOnExit = () => send("SIGKILL");
  running.add(killOnExit);
  if (!killingOnExit) {
    killingOnExit = true;
    process.on("exit", () => {
      for (const kill of running) kill();
    });
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      if (!group) running.delete(killOnExit);
      resolve(code);
    }),
  );

  /** Until the process has exited and, for a group, every member too; false if `ms` pass first. */
  const waitUntilGone = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timed out">((resolve) => {
      timer = setTimeout(() => resolve("timed out"), ms);
    });
    const first = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (first === "timed out") return false;
    while (group && isGroupAlive()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  };

  const quoteOutput = () => {
    const text = readOutput();
    return text.length > OUTPUT_QUOTED ? `…${text.slice(-OUTPUT_QUOTED)}` : text;
  };
  const exitOf = () =>
    failure ? failure.message : child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;

  const isReady = async (readiness: Readiness, deadline: number): Promise<boolean> => {
    if ("line" in readiness) return readOutput().search(readiness.line) >= 0;
    const timeout = AbortSignal.timeout(Math.max(1, Math.min(5_000, deadline - Date.now())));
    try {
      const response = await fetch(readiness.url, { signal: timeout });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false; // Not listening yet, or no answer in time: ask again.
    }
  };

  return {
    child,
    pid,
    output: readOutput,
    stdout: () => (outputFile === undefined ? stdout : readOutput()),
    exited,
    isRunning,
    async waitUntilReady(readiness, { timeoutMs = 60_000, intervalMs = 20 } = {}) {
      const what = "url" in readiness ? `answering ${readiness.url}` : `printing ${readiness.line}`;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (!isRunning()) {
          throw new Error(`${name} exited (${exitOf()}) before ${what}; it printed:\n${quoteOutput()}`);
        }
        if (await isReady(readiness, deadline)) return;
        if (Date.now() >= deadline) {
          throw new Error(`${name} was not ${what} after ${timeoutMs} ms; it printed:\n${quoteOutput()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async stop(signal = "SIGTERM") {
      if (isRunning() || (group && isGroupAlive())) send(signal);
      if (!(await waitUntilGone(killAfterMs))) {
        send("SIGKILL");
        // A member of the group that nobody reaps stays a zombie that still answers: do not wait forever.
        if (!(await waitUntilGone(5_000)) && isRunning()) throw new Error(`${name} survived SIGKILL`);
      }
      running.delete(killOnExit);
    },
  };
}
