import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as pause } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../free-port.ts";
import { waitFor } from "../wait-for.ts";
import { describeCounts, openAudit, signUpTeam, type Team, ticketBody } from "./exactly-once.ts";
import {
  findPostgresBinaries,
  type HelpdeskProcess,
  openTicketStream,
  type PrivatePostgres,
  requestJson,
  startHelpdesk,
  startPrivatePostgres,
  waitForServer,
} from "./processes.ts";

/** Tickets accepted before the crash, and after the restart, while clients keep filing. */
const BEFORE_CRASH = 60;
const AFTER_RESTART = 60;
/** Tickets filed once the live-update listener is back, which an open stream must hear of. */
const HEARD_AFTER = 10;
const CLIENTS = 4;

const binaries = findPostgresBinaries();
if (!binaries) {
  console.warn(
    "postgres-restart.fault.ts skipped: no PostgreSQL server binaries under /usr/lib/postgresql " +
      "(apt-get install postgresql) to run a private cluster that the test may crash",
  );
}

/**
 * "restarting": from asking PostgreSQL to start until pg_ctl says it has; the server may already
 * accept connections in that time, so requests then may get 201 as well as 503.
 */
type Phase = "before" | "down" | "restarting" | "after";
/**
 * What one POST /api/tickets came to: an HTTP status, or "hung" when no answer came in time. Its
 * phase is "crossing" when the database stopped or started while it was under way.
 */
type Outcome = { phase: Phase | "crossing"; status: number | "hung" | string; ticketId?: string };

let postgres: PrivatePostgres;
let audit: Awaited<ReturnType<typeof openAudit>>;
let dataDir: string;
let base: string;
let server: HelpdeskProcess;
let worker: HelpdeskProcess;
let team: Team;

describe.skipIf(!binaries)("PostgreSQL restarted under load", () => {
  beforeAll(async () => {
    postgres = await startPrivatePostgres(binaries as string);
    dataDir = mkdtempSync(join(tmpdir(), "helpdesk-restart-"));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: postgres.url,
      DATA_DIR: dataDir,
      JWT_SECRET: "r".repeat(40),
      AUTH_RATE_LIMIT: "100000",
      WRITE_RATE_LIMIT: "100000",
      // Jobs cut short by the crash run again soon, and open streams re-check their session
      // while the database is away.
      JOB_RETRY_DELAY: "1s",
      STREAM_CHECK: "1s",
    };
    // The server migrates the empty cluster first; then the worker starts on the migrated database.
    server = startHelpdesk(["serve", "--no-worker"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
    await waitForServer(base, server);
    worker = startHelpdesk(["worker"], env);
    audit = await openAudit(postgres.url);
    team = await signUpTeam(base);
  });
  afterAll(async () => {
    await server?.stop();
    await worker?.stop();
    await audit?.close();
    await postgres?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers 503 while PostgreSQL is down, loses no accepted ticket, and recovers without a restart", async () => {
    let filed = 0;
    const fileTicket = () =>
      requestJson(base, "/api/tickets", {
        token: team.creator.token,
        body: ticketBody(filed++),
        timeoutMs: 10_000,
      });
    // The worker is working once it has routed a first ticket.
    const first = await fileTicket();
    expect(first.status).toBe(201);
    await audit.waitUntilRouted(1, 60_000);
    const stream = await openTicketStream(base, team.admin.token);

    let phase: Phase = "before";
    let filing = true;
    const outcomes: Outcome[] = [];
    const client = async () => {
      while (filing) {
        const startedIn = phase;
        const during = () => (phase === startedIn ? startedIn : "crossing");
        try {
          const reply = await fileTicket();
          const ticket = reply.body.ticket as { _id: string } | undefined;
          outcomes.push({ phase: during(), status: reply.status, ticketId: ticket?._id });
          // A client told to come back later (Retry-After) does not hammer the server.
          if (reply.status !== 201) await pause(25);
        } catch (error) {
          const name = (error as Error).name;
          outcomes.push({ phase: during(), status: name === "TimeoutError" ? "hung" : String(error) });
        }
      }
    };
    const readiness = [200];
    const watchReadiness = async () => {
      while (filing) {
        const reply = await requestJson(base, "/readyz", { method: "GET", timeoutMs: 5_000 });
        if (reply.status !== readiness.at(-1)) readiness.push(reply.status);
        await pause(50);
      }
    };
    const load = Promise.all([...Array.from({ length: CLIENTS }, client), watchReadiness()]);
    const accepted = (during: Phase) =>
      outcomes.filter((outcome) => outcome.phase === during && outcome.status === 201).length;

    await waitFor(() => accepted("before") >= BEFORE_CRASH, { timeoutMs: 60_000, what: "tickets to flow" });
    await postgres.stop("immediate");
    phase = "down";
    await waitFor(
      () =>
        readiness.includes(503) &&
        outcomes.some((outcome) => outcome.phase === "down") &&
        server.output().includes("a live stream could not re-check its session"),
      { timeoutMs: 30_000, what: "clients and readyz to get 503, and the stream's session check to fail" },
    );
    phase = "restarting";
    await postgres.start();
    phase = "after";
    await waitFor(() => accepted("after") >= AFTER_RESTART, {
      timeoutMs: 90_000,
      what: "tickets to flow again",
    });
    filing = false;
    await load;

    const statuses = (during: Phase) => [
      ...new Set(outcomes.filter((o) => o.phase === during).map((o) => o.status)),
    ];
    expect(statuses("down")).toEqual([503]);
    expect(outcomes.filter((outcome) => outcome.status !== 201 && outcome.status !== 503)).toEqual([]);
    expect(readiness).toEqual([200, 503, 200]);

    // The stream opened before the crash is still open; its server listens again and says so
    // ("ready": read afresh), and it hears of tickets filed from then on.
    await waitFor(() => stream.readyCount() >= 2, { timeoutMs: 30_000, what: "the stream's second ready" });
    const heard: string[] = [];
    for (let index = 0; index < HEARD_AFTER; index++) {
      const reply = await fileTicket();
      expect(reply.status).toBe(201);
      heard.push((reply.body.ticket as { _id: string })._id);
    }
    await waitFor(
      () =>
        heard.every((id) =>
          stream.tickets.some((event) => event.ticketId === id && event.kind === "assigned"),
        ),
      { timeoutMs: 60_000, what: "the open stream to hear of the new tickets' assignment" },
    );
    expect(stream.endedBecause()).toBeUndefined();
    stream.close();

    // Every ticket a client was told was created exists, and each was worked exactly once by
    // the same worker process; a ticket whose reply was lost in the crash may exist too.
    const acceptedIds = [
      (first.body.ticket as { _id: string })._id,
      ...outcomes.flatMap((outcome) => outcome.ticketId ?? []),
      ...heard,
    ];
    const found = await audit.pool.query(
      "select count(*)::int as n from tickets where id = any($1::uuid[])",
      [acceptedIds],
    );
    expect(found.rows[0].n).toBe(acceptedIds.length);
    const stored = Number((await audit.pool.query("select count(*) as n from tickets")).rows[0].n);
    const counts = await audit.expectExactlyOnce(stored);
    expect(server.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();

    const unavailable = outcomes.filter((outcome) => outcome.status === 503).length;
    console.log(
      `PostgreSQL crash and restart: ${describeCounts(counts)}; ` +
        `${acceptedIds.length} accepted (201; ${accepted("after")} while filing after the restart), ` +
        `${unavailable} answered 503 and none 500 or hung, readyz ${readiness.join(" → ")}, ` +
        `the open stream got ${stream.readyCount()} ready events and heard all ${HEARD_AFTER} later assignments`,
    );
  });
});
