import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningProcess, spawnProcess } from "./spawn-process.ts";

const started: RunningProcess[] = [];
afterAll(async () => {
  for (const child of started) await child.stop("SIGKILL");
});

/** `node -e script` as a process of the test's own. */
function runNode(script: string, options: Parameters<typeof spawnProcess>[2] = {}): RunningProcess {
  const child = spawnProcess(process.execPath, ["-e", script], options);
  started.push(child);
  return child;
}

describe("a spawned process", () => {
  it("is ready once it prints the awaited line, and keeps stdout apart from stderr", async () => {
    const child = runNode(
      'console.error("warming up"); setTimeout(() => console.log("listening on 4000"), 50); setInterval(() => {}, 1000);',
    );
    await child.waitUntilReady({ line: /listening on \d+/ });
    expect(child.output()).toContain("warming up");
    expect(child.stdout()).toBe("listening on 4000\n");
    await child.stop();
    expect(child.isRunning()).toBe(false);
  });

  it("is ready once its URL answers 2xx", async () => {
    const child = runNode(`
      const server = require("node:http").createServer((request, response) => response.end("ok"));
      server.listen(0, "127.0.0.1", () => console.log("port " + server.address().port));
    `);
    await child.waitUntilReady({ line: /port \d+/ });
    const port = /port (\d+)/.exec(child.output())?.[1];
    await child.waitUntilReady({ url: `http://127.0.0.1:${port}/` });
    await child.stop();
  });

  it("says what the process printed when it exits before it is ready", async () => {
    const child = runNode('console.error("DATABASE_URL is not set"); process.exit(3);');
    await expect(child.waitUntilReady({ line: "listening" })).rejects.toThrow(
      /exited \(code 3\) before printing listening; it printed:\nDATABASE_URL is not set/,
    );
  });

  it("says what the process printed when it is not ready in time", async () => {
    const child = runNode('console.log("still migrating"); setInterval(() => {}, 1000);');
    await expect(child.waitUntilReady({ line: "listening" }, { timeoutMs: 300 })).rejects.toThrow(
      /was not printing listening after 300 ms; it printed:\nstill migrating/,
    );
  });

  it("is killed when it ignores SIGTERM for longer than allowed", async () => {
    const child = runNode(
      'process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("up"); setInterval(() => {}, 1000);',
      { killAfterMs: 300 },
    );
    await child.waitUntilReady({ line: "up" });
    await child.stop();
    expect(child.child.signalCode).toBe("SIGKILL");
    expect(child.output()).toContain("ignoring SIGTERM");
  });

  it("in a group of its own, stops with what it started", async () => {
    const child = runNode(
      `const grandchild = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "inherit" });
       console.log("grandchild " + grandchild.pid); setInterval(() => {}, 1000);`,
      { group: true },
    );
    await child.waitUntilReady({ line: /grandchild \d+/ });
    const grandchild = Number(/grandchild (\d+)/.exec(child.output())?.[1]);
    await child.stop();
    expect(() => process.kill(grandchild, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  });

  it("can write its output to a file instead of through this process", async () => {
    const directory = mkdtempSync(join(tmpdir(), "spawn-process-"));
    try {
      const child = runNode('console.log("to the file"); console.error("this too");', {
        outputFile: join(directory, "output.log"),
      });
      expect(await child.exited).toBe(0);
      expect(child.output()).toBe("to the file\nthis too\n");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
