import { ZTriageResult } from "@helpdesk/contracts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testConfig } from "../../test/harness.ts";
import type { Database } from "../db/client.ts";
import { ticketComments, ticketEvents, tickets, users } from "../db/schema.ts";
import { importClosedTickets } from "../tickets/operations.ts";
import type { Correction } from "../triage/history.ts";
import { createTriageService, type TriageService } from "../triage/service.ts";
import { triageTicket } from "./triage-ticket.ts";

// The world is written straight into the tables: these tests are about triage alone, without the
// HTTP app's pipeline triaging the same tickets behind their back.
let testDatabase: TestDatabase;
let db: Database;
let requesterId: string;
let service: TriageService;
let config: ReturnType<typeof testConfig>;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  db = testDatabase.database.db;
  config = testConfig(testDatabase.dataDir);
  const [requester] = await db
    .insert(users)
    .values([
      { email: "requester@example.com", passwordHash: "-", role: "user" },
      {
        email: "moderator@example.com",
        passwordHash: "-",
        role: "moderator",
        skills: ["Postgres", "Networking"],
      },
    ])
    .returning();
  requesterId = requester?.id as string;
  service = createTriageService({ config, db });
  await service.ready();
});
afterAll(() => testDatabase.close());

async function fileTicket(title: string, description: string): Promise<string> {
  const [row] = await db.insert(tickets).values({ title, description, createdBy: requesterId }).returning();
  return row?.id as string;
}

/** The pipeline's triage step, with this triage service (or another process's). */
const triage = (id: string, options?: { force?: boolean }, by: TriageService = service) =>
  triageTicket({ db, triage: by, config }, id, options);

/** A moderator's correction, recorded as the tickets service does: inside a transaction. */
async function correct(id: string, labels: Correction) {
  const ticket = await storedTicket(id);
  await db.transaction((tx) => service.recordCorrection(tx, ticket, labels));
}

/** A moderator resolves the ticket, as the tickets service records it: only staff-resolved tickets are similar. */
async function resolveAsStaff(id: string, resolution?: string) {
  const [staff] = await db.select().from(users).where(eq(users.email, "moderator@example.com"));
  await db
    .update(tickets)
    .set({ status: "RESOLVED", resolution, resolvedAt: new Date() })
    .where(eq(tickets.id, id));
  await db.insert(ticketEvents).values({
    ticketId: id,
    actorId: staff?.id as string,
    kind: "status_changed",
    data: { from: "TODO", to: "RESOLVED" },
  });
}

async function storedTicket(id: string) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error("no such ticket");
  return row;
}

async function triagedEvents(id: string) {
  const rows = await db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id));
  return rows.filter((event) => event.kind === "triaged");
}

describe("triaging a ticket", () => {
  it("stores a complete triage on the ticket and records who triaged it", async () => {
    const id = await fileTicket(
      "Production database is down",
      "Our psql primary stopped accepting connections an hour ago. Everyone is blocked!!! Please help.",
    );
    expect(await triage(id)).toEqual({ skipped: false });

    const ticket = await storedTicket(id);
    expect(ticket.priority).toMatch(/high|critical/);
    expect(ticket.type).toBe("incident");
    expect(ticket.relatedSkills).toContain("Postgres");
    expect(ticket.summary).toBeTruthy();
    expect(ticket.helpfulNotes).toContain("- [ ]");
    expect(ticket.sentiment?.label).toBeDefined();
    expect(ticket.triage).toMatchObject({ engine: "builtin", version: expect.any(String) });
    expect(
      ZTriageResult.safeParse({
        ...ticket.triage,
        ...ticket.triage?.confidence,
        summary: ticket.summary,
        priority: ticket.priority,
        category: ticket.category,
        type: ticket.type,
        relatedSkills: ticket.relatedSkills,
        sentiment: ticket.sentiment,
        helpfulNotes: ticket.helpfulNotes,
        confidence: ticket.triage?.confidence,
      }).success,
    ).toBe(true);

    const triaged = await triagedEvents(id);
    expect(triaged).toHaveLength(1);
    expect(triaged[0]).toMatchObject({ actorId: null, data: { engine: "builtin" } });
  });

  it("keeps the labels a person set while the ticket waited for its first triage", async () => {
    const id = await fileTicket("Database down", "Production postgres is down for everyone!!!");
    await db
      .update(tickets)
      .set({ priority: "low", relatedSkills: ["Billing"] })
      .where(eq(tickets.id, id));
    await triage(id);
    const stored = await storedTicket(id);
    expect(stored).toMatchObject({ priority: "low", relatedSkills: ["Billing"] });
    expect(stored.category).not.toBeNull();
    expect(stored.triage).not.toBeNull();

    const untouched = await fileTicket("Database down", "Production postgres is down for everyone!!!");
    await triage(untouched);
    expect((await storedTicket(untouched)).priority).not.toBe("low");
  });

  it("skips a ticket that is triaged already, and triages it again when forced", async () => {
    const id = await fileTicket("Printer jams", "The office printer jams on every page.");
    await triage(id);
    expect(await triage(id)).toEqual({ skipped: true });
    expect(await triage(id, { force: true })).toEqual({ skipped: false });
    expect(await triagedEvents(id)).toHaveLength(2);
  });

  it("stores one answer when two runs race for the same ticket", async () => {
    const id = await fileTicket("VPN drops", "The VPN disconnects every few minutes.");
    const results = await Promise.all([triage(id), triage(id)]);
    expect(results.filter((result) => !result.skipped)).toHaveLength(1);
    expect(await triagedEvents(id)).toHaveLength(1);
  });

  it("points the agent at similar resolved tickets and how they were resolved", async () => {
    const solved = await fileTicket("Wifi keeps dropping in meeting room", "The wifi in room 4 drops calls.");
    await resolveAsStaff(solved, "Replaced the access point in room 4.");

    const id = await fileTicket("Wifi dropping again", "Calls drop on the wifi in the meeting room.");
    await triage(id);
    const notes = (await storedTicket(id)).helpfulNotes ?? "";
    expect(notes).toContain(`/tickets/${solved}`);
    expect(notes).toContain("Replaced the access point");
  });

  it("without a resolution note, tells how a similar ticket ended from its last public reply", async () => {
    const solved = await fileTicket("Scanner shows paper jam", "The scanner on floor 3 reports a paper jam.");
    const [staff] = await db.select().from(users).where(eq(users.email, "moderator@example.com"));
    await db.insert(ticketComments).values([
      { ticketId: solved, authorId: staff?.id as string, body: "Opened the rear flap and removed a staple." },
      { ticketId: solved, authorId: staff?.id as string, body: "Internal: scanner is old.", internal: true },
    ]);
    await resolveAsStaff(solved);

    const id = await fileTicket("Scanner paper jam again", "The floor 3 scanner says paper jam once more.");
    await triage(id);
    const notes = (await storedTicket(id)).helpfulNotes ?? "";
    expect(notes).toContain(`/tickets/${solved}`);
    expect(notes).toContain("removed a staple");
    expect(notes).not.toContain("scanner is old");
  });

  it("a moderator's corrections change later predictions, also after a restart", async () => {
    const describePrinter = (floor: number) =>
      [
        `Toner smudges on floor ${floor}`,
        `The laser printer on floor ${floor} leaves toner smudges on pages.`,
      ] as const;
    const before = await fileTicket(...describePrinter(9));
    await triage(before);
    expect((await storedTicket(before)).category).not.toBe("Printing");

    for (const floor of [1, 2, 3]) {
      const id = await fileTicket(...describePrinter(floor));
      await correct(id, { category: "Printing", priority: "low", relatedSkills: ["Printers"] });
    }

    const after = await fileTicket(...describePrinter(7));
    await triage(after);
    const corrected = await storedTicket(after);
    expect(corrected.category).toBe("Printing");
    expect(corrected.relatedSkills).toContain("Printers");

    const restarted = createTriageService({ config, db });
    await restarted.ready();
    const again = await fileTicket(...describePrinter(8));
    await triage(again, {}, restarted);
    expect((await storedTicket(again)).category).toBe("Printing");
  });

  it("a running worker learns corrections another process recorded, without a restart", async () => {
    const describeVpn = (site: string) =>
      [
        `VPN drops at the ${site} office`,
        `The VPN client at the ${site} office disconnects every few minutes.`,
      ] as const;
    const worker = createTriageService({ config, db, catchUpIntervalMs: 0 });
    await worker.ready();
    const before = await fileTicket(...describeVpn("Lyon"));
    await triage(before, {}, worker);
    expect((await storedTicket(before)).category).not.toBe("Remote access");

    for (const site of ["Oslo", "Porto", "Riga"]) {
      const id = await fileTicket(...describeVpn(site));
      await correct(id, { category: "Remote access" });
    }

    const after = await fileTicket(...describeVpn("Graz"));
    await triage(after, {}, worker);
    expect((await storedTicket(after)).category).toBe("Remote access");
  });

  it("a second correction of the same ticket replaces the first", async () => {
    const id = await fileTicket("Invoice question", "Why was I charged twice this month?");
    await correct(id, { category: "Billing", priority: "medium" });
    await correct(id, { priority: "high" });
    const rows = await db.query.triageExamples.findMany({
      where: (examples, { eq: equals }) => equals(examples.ticketId, id),
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ category: "Billing", priority: "high", source: "correction" });
  });

  it("imports history once, maps other trackers' labels and can create closed tickets", async () => {
    const rows = [
      {
        title: "Payroll export fails",
        body: "The payroll export to the bank fails.",
        priority: "Blocker",
        type: "Bug",
      },
      {
        title: "New laptop for hire",
        body: "Please order a laptop for our new hire.",
        priority: "P4",
        type: "Task",
      },
      { title: "Odd labels", body: "Labels nobody knows.", priority: "whenever", type: "Epic" },
    ];
    const first = await service.importExamples(rows, {
      source: "import:test",
      createTickets: (tx, fresh) => importClosedTickets(tx, fresh, requesterId),
    });
    expect(first).toEqual({ imported: 3, skipped: 0, unknownLabels: 2 });
    expect(await service.importExamples(rows, { source: "import:test" })).toEqual({
      imported: 0,
      skipped: 3,
      unknownLabels: 2,
    });
    const imported = await db.query.triageExamples.findMany({
      where: (examples, { eq: equals }) => equals(examples.source, "import:test"),
    });
    expect(imported.map((row) => `${row.priority}/${row.type}`).sort()).toEqual([
      "critical/incident",
      "low/request",
      "null/null",
    ]);
    const closed = await db.select().from(tickets).where(eq(tickets.title, "Payroll export fails"));
    expect(closed[0]?.status).toBe("CLOSED");
  });
});
