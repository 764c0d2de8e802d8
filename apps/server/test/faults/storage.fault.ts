import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../free-port.ts";
import { waitFor } from "../wait-for.ts";
import { type HelpdeskProcess, type Reply, requestJson, startHelpdesk, waitForServer } from "./processes.ts";
import { mountSmallDisk, type SmallDisk, whyNoSmallDisk } from "./small-disk.ts";

/**
 * The embedded database (PGlite under DATA_DIR) on a disk that fills up, turns read-only, or
 * belongs to a container whose PID 1 was killed; and a DATA_DIR it may not write. Each server is
 * a process of its own on a small tmpfs the test mounts (root only: skipped elsewhere, never in CI).
 */

const MB = 1024 * 1024;
/** DATA_DIR_MIN_FREE's default. */
const RESERVE = 64 * MB;

/** Why this machine cannot run a process as PID 1 of a new pid namespace, or undefined. */
function whyNoPidNamespace(): string | undefined {
  try {
    execFileSync("unshare", ["--pid", "--fork", "--kill-child", "--mount-proc", "true"], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `unshare --pid failed: ${(error as Error).message.split("\n")[0]}`;
  }
}

const noSmallDisk = whyNoSmallDisk();
const noPidNamespace = whyNoPidNamespace();
for (const reason of [noSmallDisk, noPidNamespace]) {
  if (reason && process.env.CI === "true") throw new Error(`CI must run the storage faults, but ${reason}`);
  if (reason) console.warn(`Skipping storage faults that need it: ${reason}`);
}

const servers: HelpdeskProcess[] = [];
const disks: SmallDisk[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop("SIGKILL");
  for (const disk of disks.splice(0)) disk.remove();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function smallDisk(megabytes: number): SmallDisk {
  const disk = mountSmallDisk(megabytes);
  disks.push(disk);
  return disk;
}

type Server = { process: HelpdeskProcess; base: string };

/** `serve` on this DATA_DIR and port, as an operator would start it, `inside` another program. */
function startServe(dataDir: string, port: number, env: Record<string, string> = {}, inside?: string[]) {
  const server = startHelpdesk(
    ["serve"],
    {
      // The fault suite runs with DATABASE_URL set; these servers use the embedded database.
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      JWT_SECRET: "s".repeat(40),
      AUTH_RATE_LIMIT: "100000",
      WRITE_RATE_LIMIT: "100000",
      JOB_RETRY_DELAY: "1s",
      ...env,
    },
    { inside },
  );
  servers.push(server);
  return server;
}

async function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  inside?: string[],
): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServe(dataDir, port, env, inside);
  await waitForServer(base, server);
  return { process: server, base };
}

/** What a start-up that must fail printed, once it has exited, and how it exited. */
async function failedStart(dataDir: string, env: Record<string, string> = {}, inside?: string[]) {
  const server = startServe(dataDir, await freePort(), env, inside);
  const code = await Promise.race([
    server.exited,
    new Promise<string>((resolve) => setTimeout(() => resolve("still running after 60 s"), 60_000)),
  ]);
  return { code, lines: server.output().trim().split("\n") };
}

async function signUpAdmin(base: string): Promise<string> {
  const reply = await requestJson(base, "/api/auth/signup", {
    body: { email: "admin@example.com", password: "a-good-password" },
  });
  expect(reply.status).toBe(201);
  return reply.body.token as string;
}

/** A ticket whose description does not compress: each one takes its size on disk. */
function fileTicket(base: string, token: string, index: number): Promise<Reply> {
  return requestJson(base, "/api/tickets", {
    token,
    body: { title: `Ticket ${index}`, description: randomBytes(12_000).toString("base64") },
  });
}

const idOf = (reply: Reply) => (reply.body.ticket as { _id: string })._id;
const get = (base: string, path: string, token?: string) => requestJson(base, path, { method: "GET", token });

/** Files tickets one after another until one is not accepted; every request must be answered. */
async function fileUntilRefused(base: string, token: string, limit: number) {
  const accepted: string[] = [];
  for (let index = 0; index < limit; index++) {
    const reply = await fileTicket(base, token, index);
    if (reply.status !== 201) return { accepted, refusal: reply };
    accepted.push(idOf(reply));
  }
  throw new Error(`${limit} tickets were all accepted: the disk never filled up`);
}

async function expectTicketsThere(base: string, token: string, ids: string[]): Promise<void> {
  for (const id of ids) expect((await get(base, `/api/tickets/${id}`, token)).status).toBe(200);
}

describe.skipIf(noSmallDisk)("the embedded database on a small disk", () => {
  it("a nearly full disk: writes get 507 and the log says 'no space left on device'; reads, /healthz and SIGTERM still answer; writes resume once space is freed; a start on a full disk says why in one line", async () => {
    const disk = smallDisk(160);
    const dataDir = join(disk.dir, "data");
    const server = await startServer(dataDir);
    const token = await signUpAdmin(server.base);

    disk.fillLeaving(RESERVE + 3 * MB);
    const started = performance.now();
    const { accepted, refusal } = await fileUntilRefused(server.base, token, 1000);
    const filling = performance.now() - started;
    expect(refusal).toMatchObject({ status: 507, body: { error: "insufficient_storage" } });
    await server.process.waitUntilReady(
      { line: /WARN: write refused: no space left on device/ },
      { timeoutMs: 5000 },
    );
    expect((await get(server.base, "/healthz")).status).toBe(200);
    const readiness = await get(server.base, "/readyz");
    expect(readiness.status).toBe(503);
    expect(readiness.body.message).toMatch(/no space left on device/);
    await expectTicketsThere(server.base, token, accepted);

    // Space is freed: writes resume by themselves.
    disk.removeFiller();
    await waitFor(async () => (await get(server.base, "/readyz")).status === 200, {
      timeoutMs: 10_000,
      what: "readiness once space is freed",
    });
    const after = await fileTicket(server.base, token, 10_000);
    expect(after.status).toBe(201);
    accepted.push(idOf(after));

    // Full again: SIGTERM stops the server as asked (not by the SIGKILL that follows 15 s later).
    disk.fillLeaving(RESERVE - 8 * MB);
    await waitFor(async () => (await get(server.base, "/readyz")).status === 503, {
      timeoutMs: 10_000,
      what: "the server to see the disk full again",
    });
    const stopping = performance.now();
    await server.process.stop("SIGTERM");
    expect(await server.process.exited).toBe(0);
    const stopped = performance.now() - stopping;

    const refused = await failedStart(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.lines).toEqual([
      expect.stringMatching(/^Cannot start the embedded database in .+: no space left on device \(.+ free/),
    ]);

    disk.removeFiller();
    const again = await startServer(dataDir);
    await expectTicketsThere(again.base, token, accepted);
    console.log(
      `full disk: ${accepted.length - 1} tickets in ${Math.round(filling)} ms until 507 with ${RESERVE / MB + 3} MB free; ` +
        `SIGTERM while full: ${Math.round(stopped)} ms; all accepted tickets there after restart`,
    );
  });

  it("with no reserve, a full disk stops the embedded database: every request is answered or refused, the server exits by itself saying 'no space left on device', a start says why, and after freeing space every accepted ticket is there", async () => {
    const disk = smallDisk(160);
    const dataDir = join(disk.dir, "data");
    const server = await startServer(dataDir, { DATA_DIR_MIN_FREE: "0MB" });
    const token = await signUpAdmin(server.base);

    disk.fillLeaving(8 * MB);
    const accepted: string[] = [];
    const answers = new Map<number, number>();
    for (let index = 0; index < 2000 && server.process.isRunning(); index++) {
      let reply: Reply;
      try {
        reply = await fileTicket(server.base, token, index);
      } catch (error) {
        // The server closed its connections as it stopped; a request left hanging is a time-out.
        if ((error as Error).name === "TimeoutError") throw error;
        break;
      }
      answers.set(reply.status, (answers.get(reply.status) ?? 0) + 1);
      if (reply.status === 201) accepted.push(idOf(reply));
      else expect(reply).toMatchObject({ status: 503, body: { error: "unavailable" } });
    }
    const exit = await Promise.race([
      server.process.exited,
      new Promise<string>((resolve) => setTimeout(() => resolve("still running after 30 s"), 30_000)),
    ]);
    expect(exit).toBe(1);
    expect(server.process.output()).toMatch(
      /FATAL: The embedded database in .+ stopped after a storage failure \(no space left on device\)/,
    );

    const refused = await failedStart(dataDir);
    expect(refused.lines).toEqual([expect.stringMatching(/no space left on device/)]);

    disk.removeFiller();
    const again = await startServer(dataDir);
    await expectTicketsThere(again.base, token, accepted);
    console.log(
      `full disk without reserve: ${accepted.length} tickets accepted, answers ${JSON.stringify(Object.fromEntries(answers))}, ` +
        "server exited 1 by itself, every accepted ticket there after restart",
    );
  });

  it("a disk that turns read-only and back: readiness says so within seconds, writes are refused (or the server exits to be restarted), and once writable every write works again and no job stays stuck", async () => {
    const disk = smallDisk(160);
    const dataDir = join(disk.dir, "data");
    let server = await startServer(dataDir);
    const token = await signUpAdmin(server.base);
    const accepted: string[] = [];
    for (let index = 0; index < 5; index++) accepted.push(idOf(await fileTicket(server.base, token, index)));

    disk.makeReadOnly();
    const noticed = performance.now();
    const outcome = await waitFor(
      async () => {
        if (!server.process.isRunning()) return "exited";
        const readiness = await get(server.base, "/readyz").catch(() => undefined);
        return readiness?.status === 503 ? "refusing" : undefined;
      },
      { timeoutMs: 10_000, what: "the server to notice its disk turned read-only" },
    );
    const noticedIn = performance.now() - noticed;
    if (outcome === "refusing") {
      expect((await get(server.base, "/readyz")).body.message).toMatch(/read-only file system/);
      expect((await get(server.base, "/healthz")).status).toBe(200);
      const refused = await fileTicket(server.base, token, 100);
      expect(refused).toMatchObject({ status: 503, body: { error: "unavailable" } });
      expect((await get(server.base, `/api/tickets/${accepted[0]}`, token)).status).toBe(200);
    } else {
      // A write failed before the check saw the disk: the database stopped, and so did the server.
      expect(await server.process.exited).toBe(1);
      expect(server.process.output()).toMatch(
        /FATAL: The embedded database .+ stopped after a storage failure/,
      );
    }

    disk.makeWritable();
    if (outcome === "exited") server = await startServer(dataDir);
    const retried = await waitFor(
      async () => {
        const reply = await fileTicket(server.base, token, 200);
        return reply.status === 201 ? reply : undefined;
      },
      { timeoutMs: 10_000, what: "a ticket to be accepted once the disk is writable" },
    );
    accepted.push(idOf(retried));
    for (let index = 0; index < 5; index++)
      accepted.push(idOf(await fileTicket(server.base, token, 300 + index)));
    expect((await get(server.base, "/readyz")).status).toBe(200);
    // Every ticket's job ran: none stays active or queued for ever.
    await waitFor(
      async () => {
        for (const id of accepted) {
          const reply = await get(server.base, `/api/tickets/${id}`, token);
          if ((reply.body.ticket as { triage: unknown } | undefined)?.triage == null) return false;
        }
        return true;
      },
      { timeoutMs: 60_000, what: "every accepted ticket to be triaged" },
    );
    console.log(
      `read-only disk: ${outcome} ${Math.round(noticedIn)} ms after it turned read-only; ` +
        `${accepted.length} tickets triaged once writable again`,
    );

    // A start on a read-only disk says so in one line.
    await server.process.stop("SIGTERM");
    disk.makeReadOnly();
    const refused = await failedStart(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.lines).toEqual([
      expect.stringMatching(/^Cannot use DATA_DIR .+: read-only file system \(EROFS\)/),
    ]);
  });
});

describe.skipIf(noPidNamespace)("the embedded database's lock", () => {
  it("a server that was PID 1 of its container and was killed with SIGKILL starts again at once, and a second one is still refused in one line", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-pid1-"));
    dirs.push(dataDir);
    const container = ["unshare", "--pid", "--fork", "--kill-child", "--mount-proc"];
    const first = await startServer(dataDir, {}, container);
    // The lock file names its holder as the container sees it: PID 1.
    expect(readFileSync(join(dataDir, "pglite.lock"), "utf8").trim()).toBe("1");

    // kill -9 of the container's PID 1: unshare's child, seen from here.
    const children = readFileSync(`/proc/${first.process.pid}/task/${first.process.pid}/children`, "utf8");
    process.kill(Number(children.trim().split(" ")[0]), "SIGKILL");
    await first.process.exited;

    const restarted = performance.now();
    const second = await startServer(dataDir, {}, container);
    const restartMs = performance.now() - restarted;
    expect((await get(second.base, "/readyz")).status).toBe(200);

    const beside = await failedStart(dataDir);
    expect(beside.code).toBe(1);
    expect(beside.lines).toEqual([
      expect.stringMatching(/^The embedded database in .+ is open in another Helpdesk process \(pid 1\)/),
    ]);
    console.log(`killed PID 1 restarted and ready in ${Math.round(restartMs)} ms`);
  });
});

describe("a DATA_DIR Helpdesk may not write", () => {
  it("ends the start-up with one line that says so, not an EACCES stack trace", async () => {
    const parent = mkdtempSync(join(tmpdir(), "helpdesk-denied-"));
    dirs.push(parent);
    chmodSync(parent, 0o500);
    // Root may write anywhere: as root the server runs without the capability that lets it.
    const asRoot = process.getuid?.() === 0;
    const withoutOverride = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"];
    const refused = await failedStart(join(parent, "data"), {}, asRoot ? withoutOverride : []);
    expect(refused.code).toBe(1);
    expect(refused.lines).toEqual([
      expect.stringMatching(
        /^Cannot use DATA_DIR .+: permission denied \(EACCES\); make it writable by the user/,
      ),
    ]);
  });
});
