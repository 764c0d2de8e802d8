/**
 * Routing evaluation against a real server (a stable interface):
 *   npm run routing:eval [-- --set tickets|held-out] [--file FILE] [--json]
 * FILE is JSONL of {title, description, skill, family}. The command starts `serve` from source on a
 * new, empty embedded database (a temporary DATA_DIR), creates one moderator per skill through the
 * API, files every ticket as a requester, waits until routing has assigned each, and reads who got it.
 * A ticket for a skill nobody holds (a parent skill such as "Database") is routed right when it
 * reaches a moderator whose skill is a kind of it (PostgreSQL, MySQL, …). The admin stays available,
 * so a ticket that falls back to the admin counts as a miss.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { relateConcepts } from "../triage/ontology/ontology.ts";
import { skillKey } from "./skill-needs.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const SETS: Record<string, string> = {
  tickets: "eval/routing/tickets.jsonl",
  "held-out": "eval/routing/held-out.jsonl",
};
const ASSIGNMENT_TIMEOUT_MS = 120_000;
const FILING_CONCURRENCY = 8;

const ZEvalTicket = z.object({
  title: z.string().min(1),
  description: z.string(),
  skill: z.string().min(1),
  family: z.string().min(1),
});
export type RoutingEvalTicket = z.infer<typeof ZEvalTicket>;

export function readRoutingSet(path: string): RoutingEvalTicket[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, number }) => {
      const parsed = ZEvalTicket.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${number}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** The skills that get a moderator: every expected skill of a ticket that is not for a parent skill. */
export function moderatorSkills(tickets: readonly RoutingEvalTicket[]): string[] {
  return [...new Set(tickets.filter((ticket) => ticket.family !== "parent").map((ticket) => ticket.skill))];
}

/**
 * Whether a moderator holding `held` is a right assignee: the expected skill itself, or, for a ticket
 * about a parent skill nobody holds, a skill that is a kind of it.
 */
export function isRightSkill(ticket: Pick<RoutingEvalTicket, "skill" | "family">, held: string): boolean {
  const relation = relateConcepts(skillKey(ticket.skill), skillKey(held));
  return relation?.kind === "same" || (ticket.family === "parent" && relation?.kind === "narrower");
}

export type Outcome = {
  ticket: RoutingEvalTicket;
  number: number;
  assigneeSkills: string[];
  rule: string;
  reason: string;
  right: boolean;
};

export type RoutingEvalReport = {
  tickets: number;
  moderators: number;
  right: number;
  share: number;
  families: Record<string, { tickets: number; right: number; share: number }>;
  misses: Outcome[];
};

export function summarise(outcomes: readonly Outcome[], moderators: number): RoutingEvalReport {
  const families: RoutingEvalReport["families"] = {};
  for (const outcome of outcomes) {
    const family = families[outcome.ticket.family] ?? { tickets: 0, right: 0, share: 0 };
    families[outcome.ticket.family] = family;
    family.tickets++;
    if (outcome.right) family.right++;
  }
  for (const family of Object.values(families)) family.share = family.right / family.tickets;
  const right = outcomes.filter((outcome) => outcome.right).length;
  return {
    tickets: outcomes.length,
    moderators,
    right,
    share: outcomes.length === 0 ? 0 : right / outcomes.length,
    families,
    misses: outcomes.filter((outcome) => !outcome.right),
  };
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

export function formatReport(report: RoutingEvalReport, set: string): string {
  const lines = [
    `Routing eval (${set}): ${report.tickets} tickets, ${report.moderators} moderators (one skill each)`,
    `Routed to the right moderator: ${report.right}/${report.tickets} = ${percent(report.share)}`,
    "",
    "| family | tickets | right | share |",
    "|---|---:|---:|---:|",
    ...Object.entries(report.families)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, family]) => `| ${name} | ${family.tickets} | ${family.right} | ${percent(family.share)} |`,
      ),
  ];
  if (report.misses.length > 0) {
    lines.push("", `Misses (${report.misses.length}):`);
    for (const miss of report.misses) {
      const got = miss.assigneeSkills.length > 0 ? miss.assigneeSkills.join(", ") : "(admin or nobody)";
      lines.push(
        `- #${miss.number} [${miss.ticket.family}] "${miss.ticket.title}": expected ${miss.ticket.skill}, got ${got} (${miss.rule}: ${miss.reason})`,
      );
    }
  }
  return lines.join("\n");
}

/** A server of its own: `serve` from source on a new embedded database, stopped when the run ends. */
async function startServer(dataDir: string): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, join(ROOT, "apps/server/src/main.ts"), "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      AI_PROVIDER: "builtin",
      JWT_SECRET: "routing-eval-".repeat(4),
      LOG_LEVEL: "warn",
      AUTH_RATE_LIMIT: "1000000",
      WRITE_RATE_LIMIT: "1000000000",
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      const reply = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
      return reply?.ok ? true : undefined;
    },
    60_000,
    () => `the server did not become ready:\n${output}`,
  );
  return { baseUrl, stop: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  await exited;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, why: () => string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** A small client of the API, as the web app talks to it. */
function apiClient(baseUrl: string) {
  return async function call<T>(
    method: string,
    path: string,
    token: string | null,
    body?: object,
  ): Promise<T> {
    const reply = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body && { "content-type": "application/json" }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await reply.text();
    if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

type Account = { user: { _id: string }; token: string };
type TicketReply = {
  ticket: {
    _id: string;
    number: number;
    assignedTo: { _id: string } | null;
    assignment: { rule: string; reason: string } | null;
  };
};

/** Files the set on a fresh server and reads where each ticket went. */
export async function runRoutingEval(tickets: readonly RoutingEvalTicket[]): Promise<RoutingEvalReport> {
  const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-routing-eval-"));
  const server = await startServer(dataDir);
  try {
    const call = apiClient(server.baseUrl);
    // Skills given at sign-up join the installation's catalogue, as the original API's clients expect.
    const signUp = (name: string, skills: string[] = []) =>
      call<Account>("POST", "/api/auth/signup", null, {
        email: `${name}@routing-eval.example.com`,
        password: "routing-eval-password",
        skills,
      });
    // The first account of an empty installation is its admin.
    const admin = await signUp("admin");
    const skillOf = new Map<string, string>();
    const skills = moderatorSkills(tickets);
    for (const [index, skill] of skills.entries()) {
      const moderator = await signUp(`moderator-${index + 1}`, [skill]);
      await call("PATCH", `/api/users/${moderator.user._id}`, admin.token, {
        role: "moderator",
        capacity: 1000,
      });
      skillOf.set(moderator.user._id, skill);
    }
    const requester = await signUp("requester");

    const filed: { ticket: RoutingEvalTicket; id: string }[] = [];
    for (let start = 0; start < tickets.length; start += FILING_CONCURRENCY) {
      const batch = tickets.slice(start, start + FILING_CONCURRENCY);
      const replies = await Promise.all(
        batch.map((ticket) =>
          call<TicketReply>("POST", "/api/tickets", requester.token, {
            title: ticket.title,
            description: ticket.description,
          }),
        ),
      );
      for (const [index, reply] of replies.entries()) {
        filed.push({ ticket: batch[index] as RoutingEvalTicket, id: reply.ticket._id });
      }
    }

    const outcomes: Outcome[] = [];
    for (const { ticket, id } of filed) {
      const routed = await waitFor(
        async () => {
          const { ticket: stored } = await call<TicketReply>("GET", `/api/tickets/${id}`, admin.token);
          return stored.assignment ? stored : undefined;
        },
        ASSIGNMENT_TIMEOUT_MS,
        () => `ticket "${ticket.title}" was not routed in time`,
      );
      const held = routed.assignedTo ? skillOf.get(routed.assignedTo._id) : undefined;
      outcomes.push({
        ticket,
        number: routed.number,
        assigneeSkills: held ? [held] : [],
        rule: routed.assignment?.rule ?? "",
        reason: routed.assignment?.reason ?? "",
        right: held !== undefined && isRightSkill(ticket, held),
      });
    }
    return summarise(outcomes, skills.length);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const USAGE = `npm run routing:eval -- [--set tickets|held-out] [--file FILE] [--json]
  --set NAME   a set kept in eval/routing/ (default: tickets)
  --file FILE  any JSONL file of {title, description, skill, family}
  --json       print the report as JSON instead of a table`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      set: { type: "string", default: "tickets" },
      file: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const relative = values.file ?? SETS[values.set];
  if (!relative) throw new Error(`unknown set "${values.set}"; sets: ${Object.keys(SETS).join(", ")}`);
  const path = resolve(values.file ? process.cwd() : ROOT, relative);
  const report = await runRoutingEval(readRoutingSet(path));
  console.log(
    values.json ? JSON.stringify(report, null, 2) : formatReport(report, values.file ?? values.set),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
