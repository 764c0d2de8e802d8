import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "../wait-for.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

export type HelpdeskProcess = {
  child: ChildProcess;
  /** Everything the process wrote, for the failure message when a test fails. */
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/** Runs `main.ts <command>` as its own process, the way an operator would. */
export function startHelpdesk(command: string[], env: Record<string, string>): HelpdeskProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/server/src/main.ts", ...command], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A server is up once it answers /readyz. */
export async function waitForServer(baseUrl: string, process: HelpdeskProcess): Promise<void> {
  await waitFor(
    async () => {
      if (process.child.exitCode !== null) throw new Error(`server exited:\n${process.output()}`);
      try {
        return (await fetch(`${baseUrl}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, what: "the server to start" },
  );
}
