/**
 * Ticket lists, search and the dashboard at a million tickets, on PostgreSQL:
 *   DATABASE_URL=postgres://… npm run bench:scale [-- --tickets 1000000 --requests 200 --keep]
 *
 * Creates a database beside DATABASE_URL's (helpdesk_scale_<random>), migrates it, adds a few
 * hundred people and streams in generated tickets (COPY) with their history, then starts a real
 * `serve` process on it and times the list, search and detail requests one at a time. Every
 * request's SQL (captured from the app's services) is run under EXPLAIN ANALYZE to show whether it
 * reads tickets through an index. The database is dropped at the end unless --keep; --reuse NAME
 * measures a kept one again (after applying any new migrations) without loading.
 *
 * Prints markdown tables and writes bench/results/scale.json.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { type ListTicketsQuery, ZListTicketsQuery } from "@helpdesk/contracts";
import pg from "pg";
import type { Viewer } from "../apps/server/src/auth/viewer.ts";
import { type Database, openDatabase } from "../apps/server/src/db/client.ts";
import type { PipelineDeps } from "../apps/server/src/pipeline/deps.ts";
import { handleRouteWaiting } from "../apps/server/src/pipeline/route-waiting.ts";
import { listEvents } from "../apps/server/src/tickets/events.ts";
import { markBreachedTickets } from "../apps/server/src/tickets/operations.ts";
import { getTicketForViewer, listTickets } from "../apps/server/src/tickets/service.ts";
import { collectStats } from "../apps/server/src/tickets/stats.ts";
import { withDatabaseName } from "../apps/server/test/postgres.ts";
import { startSection, type Table } from "./report.ts";
import {
  type CapturedQuery,
  captureQueries,
  explain,
  type PlanSummary,
  usesIndexes,
} from "./scale/explain.ts";
import { errorCode } from "./scale/generate.ts";
import { type SignedIn, signIn, startServer, timeRequests } from "./scale/http.ts";
import {
  copyTickets,
  createIndexes,
  DOMAIN,
  dropSecondaryIndexes,
  insertEvents,
  insertPeople,
  PASSWORD,
} from "./scale/load.ts";

const { values: args } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    users: { type: "string", default: "300" },
    requests: { type: "string", default: "200" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  process.stderr.write("bench:scale needs DATABASE_URL (a PostgreSQL server it may create a database on)\n");
  process.exit(2);
}
const REQUESTS = Number(args.requests);
const WARMUP = 10;
/** Words for full-text search: in about half the tickets, in one subject's share, in a handful. */
const SEARCHES = { common: "error", subject: "printer", rare: errorCode(4217) };

type Persona = "admin" | "moderator" | "busyUser" | "typicalUser";

type Scenario = {
  title: string;
  as: Persona;
  /** The request to time; `previous` is the reply before it, whose cursor a next page follows. */
  path(previous: unknown): string;
  /** The service calls behind the request, on a database handle that captures their SQL. */
  service(db: Database, viewer: Viewer): Promise<unknown>;
};

const PLAN_COLUMNS = [
  "SQL ms (EXPLAIN ANALYZE)",
  "rows read",
  "indexed (no Seq Scan of tickets or events)",
  "plan",
];
const planCells = (plan: PlanSummary) => [
  plan.executionMs,
  plan.rowsRead,
  usesIndexes(plan) ? "yes" : `NO: Seq Scan on ${plan.seqScans.join(", ")}`,
  [...new Set(plan.steps)].join(" → "),
];

const section = startSection("scale");
const tables = section.report.tables;
const note = (text: string) => section.note(text);
const name = args.reuse ?? `helpdesk_scale_${randomBytes(4).toString("hex")}`;
const databaseUrl = withDatabaseName(serverUrl, name);

if (!args.reuse) await admin(`create database ${name}`);
const database = await openDatabase({ databaseUrl, dataDir: "", poolSize: 4 });
let server: Awaited<ReturnType<typeof startServer>> | undefined;
// Interrupted: the server and a multi-gigabyte database are not left behind.
process.once("SIGINT", () => {
  void (async () => {
    await server?.stop();
    await database.close();
    if (!args.keep && !args.reuse) await admin(`drop database if exists ${name} with (force)`);
    process.exit(130);
  })();
});
try {
  await database.migrate();
  if (!args.reuse) {
    const loaded = await load(Number(args.tickets), Number(args.users));
    process.stderr.write(`${loaded.rows.map((row) => row.join(": ")).join("\n")}\n`);
    tables.push(loaded);
  }
  tables.push(await describeDatabase());
  server = await startServer(databaseUrl);
  const personas = await signInPersonas(server.baseUrl);
  const ticketIds = await sampleTicketIds(REQUESTS + WARMUP);
  tables.push(await measureRequests(server.baseUrl, personas, scenarios(ticketIds)));
  tables.push(await measureDashboard(server.baseUrl, personas.admin));
  tables.push(await explainBackgroundJobs());
} finally {
  await server?.stop();
  await database.close();
  if (args.keep || args.reuse) note(`Database kept: ${name}`);
  else await admin(`drop database if exists ${name} with (force)`);
}

section.finish();

// ---------------------------------------------------------------------------------------------

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started) / 1000;
}

async function load(ticketCount: number, userCount: number): Promise<Table> {
  return withClient(async (client) => {
    const people = await insertPeople(client, { users: userCount, moderators: 17, admins: 3 });
    const ticketIndexes = await dropSecondaryIndexes(client, "tickets");
    const eventIndexes = await dropSecondaryIndexes(client, "ticket_events");
    const world = { ...people, now: Date.now(), spanMs: 365 * 86_400_000, total: ticketCount, seed: 42 };
    const copySeconds = await timed(() => copyTickets(client, world));
    const indexSeconds = await timed(() => createIndexes(client, ticketIndexes));
    const eventsSeconds = await timed(async () => {
      await insertEvents(client);
      await createIndexes(client, eventIndexes);
    });
    const { rows } = await client.query<{ count: number }>(
      "select count(*)::int as count from ticket_events",
    );
    const eventCount = rows[0]?.count ?? 0;
    const analyzeSeconds = await timed(() => client.query("vacuum (analyze) tickets, ticket_events, users"));
    const total = copySeconds + indexSeconds + eventsSeconds + analyzeSeconds;
    const perSecond = (count: number, seconds: number) => Math.round(count / seconds);
    return {
      title: `Load: ${ticketCount.toLocaleString("en")} tickets, ${userCount} users, 20 staff`,
      columns: ["step", "seconds", "rows", "rows/s"],
      rows: [
        [
          "COPY tickets (search vector computed by PostgreSQL)",
          copySeconds,
          ticketCount,
          perSecond(ticketCount, copySeconds),
        ],
        [
          `build ${ticketIndexes.length} ticket indexes (incl. GIN)`,
          indexSeconds,
          ticketCount,
          perSecond(ticketCount, indexSeconds),
        ],
        [
          "ticket history (created, assigned, resolved) + index",
          eventsSeconds,
          eventCount,
          perSecond(eventCount, eventsSeconds),
        ],
        ["VACUUM ANALYZE", analyzeSeconds, "", ""],
        ["total", Math.round(total * 10) / 10, ticketCount, perSecond(ticketCount, total)],
      ],
    };
  });
}

async function describeDatabase(): Promise<Table> {
  return withClient(async (client) => {
    const { rows: sizes } = await client.query<{
      relation: string;
      rows: string;
      table: string;
      indexes: string;
      total: string;
    }>(
      `select relname as relation, reltuples::bigint::text as rows,
              pg_size_pretty(pg_table_size(oid)) as table, pg_size_pretty(pg_indexes_size(oid)) as indexes,
              pg_size_pretty(pg_total_relation_size(oid)) as total
       from pg_class where relname in ('tickets', 'ticket_events', 'users') order by pg_total_relation_size(oid) desc`,
    );
    const { rows: facts } = await client.query<{ size: string; open: number; version: string }>(
      `select pg_size_pretty(pg_database_size(current_database())) as size,
              (select count(*)::int from tickets where status in ('TODO', 'IN_PROGRESS', 'WAITING')) as open,
              version() as version`,
    );
    const fact = facts[0];
    if (fact) {
      note(`Database size: ${fact.size}; open tickets: ${fact.open.toLocaleString("en")}`);
      note(fact.version);
    }
    for (const [kind, word] of Object.entries(SEARCHES)) {
      const { rows } = await client.query<{ count: number }>(
        "select count(*)::int as count from tickets where search @@ websearch_to_tsquery('english', $1)",
        [word],
      );
      note(`Search "${word}" (${kind}) matches ${(rows[0]?.count ?? 0).toLocaleString("en")} tickets`);
    }
    const { rows: settings } = await client.query<{ name: string; setting: string }>(
      "select name, current_setting(name) as setting from unnest(array['shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit']) as name",
    );
    note(`PostgreSQL settings: ${settings.map((row) => `${row.name}=${row.setting}`).join(", ")}`);
    return {
      title: "Database",
      columns: ["relation", "rows (estimate)", "table", "indexes", "total"],
      rows: sizes.map((row) => [row.relation, Number(row.rows), row.table, row.indexes, row.total]),
    };
  });
}

/** The admin, one moderator, the user who filed most tickets and one with a typical number. */
async function signInPersonas(baseUrl: string): Promise<Record<Persona, SignedIn>> {
  const { busy, typical } = await withClient(async (client) => {
    const { rows } = await client.query<{ email: string; count: number }>(
      `select users.email, count(*)::int as count from tickets join users on users.id = tickets.created_by
       group by users.email order by count desc`,
    );
    return { busy: rows[0], typical: rows[Math.floor(rows.length / 2)] };
  });
  if (!busy || !typical) throw new Error("no tickets loaded");
  note(
    `Users: the busiest filed ${busy.count.toLocaleString("en")} tickets, a typical one ${typical.count.toLocaleString("en")}`,
  );
  return {
    admin: await signIn(baseUrl, `admin1@${DOMAIN}`, PASSWORD),
    moderator: await signIn(baseUrl, `moderator1@${DOMAIN}`, PASSWORD),
    busyUser: await signIn(baseUrl, busy.email, PASSWORD),
    typicalUser: await signIn(baseUrl, typical.email, PASSWORD),
  };
}

async function sampleTicketIds(count: number): Promise<string[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "select id from tickets where number in (select (random() * (select max(number) from tickets))::int from generate_series(1, $1))",
      [count * 2],
    );
    return rows.slice(0, count).map((row) => row.id);
  });
}

function scenarios(ticketIds: string[]): Scenario[] {
  let next = 0;
  const anyTicket = () => ticketIds[next++ % ticketIds.length] as string;
  return [
    firstPage("newest, first page of 20", "admin", {}),
    nextPages("newest, next pages (cursor, 200 deep)", "admin", {}),
    firstPage("own tickets, first page", "busyUser", {}),
    nextPages("own tickets, next pages", "busyUser", {}),
    firstPage("own tickets, first page", "typicalUser", {}),
    firstPage("status=TODO", "admin", { status: "TODO" }),
    firstPage("status=IN_PROGRESS,WAITING", "admin", { status: "IN_PROGRESS,WAITING" }),
    firstPage("priority=critical", "admin", { priority: "critical" }),
    firstPage("category=Billing", "admin", { category: "Billing" }),
    firstPage("assignee=me", "moderator", { assignee: "me" }),
    firstPage("assignee=me, open, sort=due", "moderator", {
      assignee: "me",
      status: "TODO,IN_PROGRESS,WAITING",
      sort: "due",
    }),
    firstPage("assignee=none", "admin", { assignee: "none" }),
    firstPage("sort=priority", "admin", { sort: "priority" }),
    nextPages("sort=priority, next pages", "admin", { sort: "priority" }),
    firstPage("sort=due", "admin", { sort: "due" }),
    firstPage("sort=updated", "admin", { sort: "updated" }),
    firstPage(`q=${SEARCHES.common} (common)`, "admin", { q: SEARCHES.common }),
    firstPage(`q=${SEARCHES.subject} (one subject)`, "admin", { q: SEARCHES.subject }),
    firstPage(`q=${SEARCHES.rare} (rare)`, "admin", { q: SEARCHES.rare }),
    firstPage(`q=${SEARCHES.common}, own tickets`, "busyUser", { q: SEARCHES.common }),
    {
      title: "GET /api/tickets/:id",
      as: "admin",
      path: () => `/api/tickets/${anyTicket()}`,
      service: (db, viewer) => getTicketForViewer(db, viewer, anyTicket()),
    },
    {
      title: "GET /api/tickets/:id/events",
      as: "admin",
      path: () => `/api/tickets/${anyTicket()}/events`,
      service: async (db, viewer) =>
        listEvents(db, viewer, (await getTicketForViewer(db, viewer, anyTicket())).ticket.id),
    },
  ];
}

function listQuery(query: Record<string, string>): { search: URLSearchParams; parsed: ListTicketsQuery } {
  const search = new URLSearchParams({ limit: "20", ...query });
  return { search, parsed: ZListTicketsQuery.parse(Object.fromEntries(search)) };
}

function firstPage(title: string, as: Persona, query: Record<string, string>): Scenario {
  const { search, parsed } = listQuery(query);
  return {
    title: `GET /api/tickets ${title}`,
    as,
    path: () => `/api/tickets?${search}`,
    service: (db, viewer) => listTickets(db, viewer, parsed),
  };
}

/** Each request asks for the page after the previous reply's, walking ever deeper. */
function nextPages(title: string, as: Persona, query: Record<string, string>): Scenario {
  const { search, parsed } = listQuery(query);
  return {
    title: `GET /api/tickets ${title}`,
    as,
    path: (previous) => {
      const cursor = (previous as { nextCursor?: string | null } | undefined)?.nextCursor;
      return cursor
        ? `/api/tickets?${search}&cursor=${encodeURIComponent(cursor)}`
        : `/api/tickets?${search}`;
    },
    // The SQL of the 11th page: the cursor comes from ten pages read without capturing.
    service: async (db, viewer) => {
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        cursor = (await listTickets(database.db, viewer, { ...parsed, cursor })).nextCursor ?? undefined;
      }
      return listTickets(db, viewer, { ...parsed, cursor });
    },
  };
}

async function explainAll(queries: CapturedQuery[]): Promise<PlanSummary> {
  const plans: PlanSummary[] = [];
  for (const query of queries) plans.push(await explain(requirePool(), query));
  return {
    executionMs: Math.round(plans.reduce((sum, plan) => sum + plan.executionMs, 0) * 100) / 100,
    steps: plans.flatMap((plan) => plan.steps),
    seqScans: plans.flatMap((plan) => plan.seqScans),
    rowsRead: plans.reduce((sum, plan) => sum + plan.rowsRead, 0),
  };
}

function requirePool(): pg.Pool {
  if (!database.pool) throw new Error("the benchmark needs PostgreSQL");
  return database.pool;
}

async function measureRequests(
  baseUrl: string,
  personas: Record<Persona, SignedIn>,
  list: Scenario[],
): Promise<Table> {
  const rows: (string | number)[][] = [];
  for (const scenario of list) {
    const { token, viewer } = personas[scenario.as];
    const timing = await timeRequests(baseUrl, token, scenario.path, { count: REQUESTS, warmup: WARMUP });
    const plan = await explainAll(await captureQueries(requirePool(), (db) => scenario.service(db, viewer)));
    rows.push([
      scenario.title,
      scenario.as,
      timing.p50,
      timing.p95,
      timing.lastRows ?? 1,
      ...planCells(plan),
    ]);
    process.stderr.write(`${scenario.title} (${scenario.as}): p50 ${timing.p50} ms, p95 ${timing.p95} ms\n`);
  }
  return {
    title: `Requests through the HTTP API, one at a time (${REQUESTS} each after ${WARMUP} warm-up)`,
    columns: ["request", "as", "p50 ms", "p95 ms", "rows", ...PLAN_COLUMNS],
    rows,
  };
}

/** The admin dashboard: one request, eight statements over the last 30 days. */
async function measureDashboard(baseUrl: string, signedIn: SignedIn): Promise<Table> {
  const count = Math.max(10, Math.round(REQUESTS / 10));
  const timing = await timeRequests(baseUrl, signedIn.token, () => "/api/admin/stats?days=30", {
    count,
    warmup: 2,
  });
  const queries = await captureQueries(requirePool(), (db) => collectStats(db, 30));
  const rows: (string | number)[][] = [
    ["GET /api/admin/stats?days=30 (whole request)", timing.p50, timing.p95, "", "", "", ""],
  ];
  for (const query of queries) {
    const plan = await explain(requirePool(), query);
    rows.push([`  ${describeStatement(query.sql)}`, "", "", ...planCells(plan)]);
  }
  return {
    title: `Admin dashboard (${count} requests after 2 warm-up)`,
    columns: ["request / statement", "p50 ms", "p95 ms", ...PLAN_COLUMNS],
    rows,
  };
}

/** The statements the worker runs every minute whatever happens: SLA breaches and waiting tickets. */
async function explainBackgroundJobs(): Promise<Table> {
  const pool = requirePool();
  const breaches = await captureQueries(requirePool(), (db) => markBreachedTickets(db, new Date()), {
    limit: 1,
  });
  const routeWaitingDeps = (db: Database) => ({ db }) as unknown as PipelineDeps;
  const waiting = await captureQueries(
    requirePool(),
    (db) => handleRouteWaiting.handle({}, routeWaitingDeps(db)),
    {
      limit: 2,
    },
  );
  const rows: (string | number)[][] = [];
  for (const [job, queries] of [
    ["sla.tick", breaches],
    ["route.waiting", waiting],
  ] as const) {
    for (const query of queries)
      rows.push([job, describeStatement(query.sql), ...planCells(await explain(pool, query))]);
  }
  return { title: "Background jobs, every minute", columns: ["job", "statement", ...PLAN_COLUMNS], rows };
}

/** A statement in a few words: the tables it reads and its first WHERE. */
function describeStatement(sql: string): string {
  const tables = [
    ...new Set([...sql.matchAll(/(?<!epoch) (?:from|join) "(\w+)"/gi)].map((match) => match[1])),
  ];
  const where = / where (.*?)(?: group by| order by| limit|\)|$)/i.exec(sql)?.[1] ?? "";
  return `${tables.join(" + ")}: ${where.replaceAll('"', "").slice(0, 80) || "all rows"}`;
}
