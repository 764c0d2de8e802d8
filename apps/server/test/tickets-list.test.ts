import type { Priority, Ticket, TicketStatus } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleDueDate } from "../src/pipeline/due-date.ts";
import { findTicketRow } from "../src/tickets/queries.ts";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * Listing tickets: filters, full-text search, every sort, and cursor pagination that walks every
 * page without duplicates or gaps. One world of tickets, built through the API, serves every test.
 */

let t: TestApp;
let ann: Session;
let bob: Session;
let mo: Session;
let mo2: Session;

type Spec = {
  by: () => Session;
  title: string;
  description: string;
  priority?: Priority;
  category?: string;
  assignee?: () => Session;
  status?: TicketStatus;
};

const SPECS: Spec[] = [
  {
    by: () => ann,
    title: "Laptop crash after update",
    description: "Since the Windows update my laptop crashed twice.",
    priority: "high",
    category: "Hardware",
    assignee: () => mo,
  },
  {
    by: () => ann,
    title: "App crashes at startup",
    description: "The billing app quits when it opens.",
    priority: "critical",
    category: "Software",
    assignee: () => mo2,
  },
  {
    by: () => ann,
    title: "Printer out of toner",
    description: "The printer on floor 3 needs toner.",
    priority: "low",
    category: "Hardware",
    status: "WAITING",
  },
  {
    by: () => bob,
    title: "Printer jams on every page",
    description: "Paper jam in the big printer.",
    priority: "medium",
    category: "Hardware",
    assignee: () => mo,
  },
  {
    by: () => bob,
    title: "Blue screen of death",
    description: "My PC shows a blue screen at boot.",
    priority: "high",
    category: "Hardware",
    status: "RESOLVED",
  },
  {
    by: () => bob,
    title: "Colours look wrong",
    description: "Everything on the screen is blue.",
    priority: "low",
    category: "hardware",
  },
  {
    by: () => ann,
    title: "VPN disconnects hourly",
    description: "The tunnel drops every hour.",
    priority: "medium",
    category: "Network",
    status: "CLOSED",
  },
  { by: () => bob, title: "Wifi is slow in room 4", description: "Wireless network very slow." },
  { by: () => ann, title: "Password reset mail missing", description: "I never receive the reset email." },
  {
    by: () => mo,
    title: "Rotate backup keys",
    description: "Quarterly task.",
    priority: "low",
    category: "Security",
    assignee: () => mo,
  },
  {
    by: () => bob,
    title: "Cannot print PDF files",
    description: "Printing PDFs fails with an error; other files print.",
    priority: "high",
    category: "Software",
  },
  ...Array.from(
    { length: 13 },
    (_, i): Spec => ({
      by: () => (i % 2 ? ann : bob),
      title: `Routine request ${i}`,
      description: "Please set up a new account.",
      priority: ([undefined, "low", "medium", "high", "critical"] as const)[i % 5],
      category: i % 3 ? "Accounts" : undefined,
    }),
  ),
];

beforeAll(async () => {
  t = await createTestApp();
  [ann, bob, mo, mo2] = [
    await t.signUp(),
    await t.signUp(),
    await t.signUp("moderator"),
    await t.signUp("moderator"),
  ];
  const targets = { critical: 3600, high: 4 * 3600, medium: 24 * 3600, low: 72 * 3600 };
  for (const spec of SPECS) {
    const created = await t.request(spec.by(), {
      method: "POST",
      url: "/api/tickets",
      payload: { title: spec.title, description: spec.description },
    });
    const id: string = created.json().ticket._id;
    const changes = {
      ...(spec.priority && { priority: spec.priority }),
      ...(spec.category && { category: spec.category }),
      ...(spec.assignee && { assignedTo: spec.assignee().user._id }),
      ...(spec.status && spec.status !== "CLOSED" && { status: spec.status }),
    };
    if (Object.keys(changes).length > 0) {
      const reply = await t.request(t.admin, {
        method: "PATCH",
        url: `/api/tickets/${id}`,
        payload: changes,
      });
      expect(reply.statusCode, reply.body).toBe(200);
    }
    if (spec.status === "CLOSED") {
      await t.request(spec.by(), {
        method: "PATCH",
        url: `/api/tickets/${id}`,
        payload: { status: "CLOSED" },
      });
    }
    const row = await findTicketRow(t.database.db, id);
    if (row && !row.dueAt) await scheduleDueDate(t.database.db, { sla: targets }, row);
  }
});
afterAll(() => t.close());

async function list(session: Session, query = ""): Promise<{ tickets: Ticket[]; nextCursor: string | null }> {
  const reply = await t.request(session, { method: "GET", url: `/api/tickets?limit=200&${query}` });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

const titles = (tickets: Ticket[]) => tickets.map((ticket) => ticket.title);

/** Everything the viewer may see, newest first, filtered in the test: what the server must answer. */
async function expected(session: Session, keep: (ticket: Ticket) => boolean): Promise<string[]> {
  return titles((await list(session)).tickets.filter(keep));
}

describe("filters", () => {
  it("everything is listed before filtering (control)", async () => {
    expect((await list(t.admin)).tickets).toHaveLength(SPECS.length);
  });

  it("by one status", async () => {
    const tickets = (await list(t.admin, "status=TODO")).tickets;
    expect(tickets.length).toBeGreaterThan(0);
    expect(titles(tickets)).toEqual(await expected(t.admin, (ticket) => ticket.status === "TODO"));
  });

  it("by several statuses, comma-separated or repeated", async () => {
    const want = await expected(t.admin, (ticket) =>
      ["WAITING", "RESOLVED", "CLOSED"].includes(ticket.status),
    );
    expect(want).toHaveLength(3);
    expect(titles((await list(t.admin, "status=WAITING,RESOLVED,CLOSED")).tickets)).toEqual(want);
    expect(titles((await list(t.admin, "status=WAITING&status=RESOLVED&status=CLOSED")).tickets)).toEqual(
      want,
    );
  });

  it("by priority", async () => {
    const want = await expected(
      t.admin,
      (ticket) => ticket.priority === "high" || ticket.priority === "critical",
    );
    expect(want.length).toBeGreaterThan(3);
    expect(titles((await list(t.admin, "priority=high,critical")).tickets)).toEqual(want);
  });

  it("by category, ignoring case", async () => {
    const want = await expected(t.admin, (ticket) => ticket.category?.toLowerCase() === "hardware");
    expect(want).toContain("Colours look wrong");
    expect(want).toContain("Laptop crash after update");
    expect(titles((await list(t.admin, "category=HARDWARE")).tickets)).toEqual(want);
  });

  it("by assignee: me, none, or a person's id", async () => {
    expect(titles((await list(mo, "assignee=me")).tickets)).toEqual(
      await expected(mo, (ticket) => ticket.assignedTo?._id === mo.user._id),
    );
    expect((await list(mo, "assignee=me")).tickets).toHaveLength(3);
    expect(titles((await list(mo, "assignee=none")).tickets)).toEqual(
      await expected(mo, (ticket) => ticket.assignedTo === null),
    );
    expect(titles((await list(t.admin, `assignee=${mo2.user._id}`)).tickets)).toEqual([
      "App crashes at startup",
    ]);
  });

  it("mine: staff see only the tickets they filed", async () => {
    expect(titles((await list(mo, "mine=true")).tickets)).toEqual(["Rotate backup keys"]);
    expect((await list(mo, "mine=false")).tickets).toHaveLength(SPECS.length);
  });

  it("filters combine, and a user's filters stay within their own tickets", async () => {
    expect(titles((await list(t.admin, "status=IN_PROGRESS&priority=critical")).tickets)).toEqual([
      "App crashes at startup",
    ]);
    const annHigh = (await list(ann, "priority=high,critical")).tickets;
    expect(annHigh.length).toBeGreaterThan(0);
    for (const ticket of annHigh) expect(ticket.createdBy).toBe(ann.user._id);
    expect(titles(annHigh)).toEqual(
      await expected(
        t.admin,
        (ticket) => ticket.createdBy === ann.user._id && /high|critical/.test(ticket.priority ?? ""),
      ),
    );
  });

  it("empty text filters, as a cleared search box sends them, filter nothing", async () => {
    const all = titles((await list(t.admin, "")).tickets);
    expect(titles((await list(t.admin, "q=&category=&assignee=")).tickets)).toEqual(all);
  });

  it("a filter that matches nothing answers an empty list", async () => {
    expect(await list(t.admin, "category=Nothing-here")).toEqual({ tickets: [], nextCursor: null });
  });
});

describe("full-text search", () => {
  const search = async (session: Session, q: string, extra = "") =>
    titles((await list(session, `q=${encodeURIComponent(q)}&${extra}`)).tickets).sort();

  it("matches word forms: `crashing` finds crash, crashed and crashes", async () => {
    expect(await search(t.admin, "crashing")).toEqual([
      "App crashes at startup",
      "Laptop crash after update",
    ]);
  });

  it("searches the description too, not only the title", async () => {
    expect(await search(t.admin, "tunnel")).toEqual(["VPN disconnects hourly"]);
  });

  it("is case-insensitive", async () => {
    expect(await search(t.admin, "WIRELESS")).toEqual(["Wifi is slow in room 4"]);
  });

  it("takes a quoted phrase as a phrase", async () => {
    expect(await search(t.admin, "blue screen")).toEqual(["Blue screen of death", "Colours look wrong"]);
    expect(await search(t.admin, '"blue screen"')).toEqual(["Blue screen of death"]);
  });

  it("excludes words with a minus", async () => {
    expect(await search(t.admin, "printer")).toEqual(["Printer jams on every page", "Printer out of toner"]);
    expect(await search(t.admin, "printer -toner")).toEqual(["Printer jams on every page"]);
  });

  it("takes `or` between alternatives", async () => {
    expect(await search(t.admin, "vpn or wifi")).toEqual([
      "VPN disconnects hourly",
      "Wifi is slow in room 4",
    ]);
  });

  it("needs every word when no operator is given", async () => {
    expect(await search(t.admin, "laptop update")).toEqual(["Laptop crash after update"]);
    expect(await search(t.admin, "laptop printer")).toEqual([]);
  });

  it("searches only the tickets the viewer may see", async () => {
    expect(await search(ann, "crash")).toEqual(["App crashes at startup", "Laptop crash after update"]);
    expect(await search(bob, "crash")).toEqual([]);
    expect(await search(bob, "printer")).toEqual(["Printer jams on every page"]);
  });

  it("combines with filters", async () => {
    expect(await search(t.admin, "crash", "priority=critical")).toEqual(["App crashes at startup"]);
    expect(await search(t.admin, "printer", "status=WAITING")).toEqual(["Printer out of toner"]);
  });
});

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const desc = (a: string | number, b: string | number) => (a < b ? 1 : a > b ? -1 : 0);
const asc = (a: string | number, b: string | number) => -desc(a, b);

/** What each sort means, written independently of the server's SQL. */
const ORDERS: Record<string, (a: Ticket, b: Ticket) => number> = {
  newest: (a, b) => desc(a.createdAt, b.createdAt) || desc(a._id, b._id),
  oldest: (a, b) => asc(a.createdAt, b.createdAt) || asc(a._id, b._id),
  updated: (a, b) => desc(a.updatedAt, b.updatedAt) || desc(a._id, b._id),
  priority: (a, b) =>
    desc(RANK[a.priority ?? ""] ?? 0, RANK[b.priority ?? ""] ?? 0) ||
    desc(a.createdAt, b.createdAt) ||
    desc(a._id, b._id),
  due: (a, b) => asc(a.dueAt ?? "9999", b.dueAt ?? "9999") || asc(a._id, b._id),
};

describe("sorts", () => {
  it.each(Object.keys(ORDERS))("sort=%s orders the list as it says", async (sort) => {
    const tickets = (await list(t.admin, `sort=${sort}`)).tickets;
    expect(tickets).toHaveLength(SPECS.length);
    expect(titles(tickets)).toEqual(titles([...tickets].sort(ORDERS[sort])));
  });

  it("newest is the default and puts the last ticket filed first", async () => {
    const tickets = (await list(t.admin)).tickets;
    expect(tickets[0]?.title).toBe(SPECS.at(-1)?.title);
    expect(titles(tickets)).toEqual(titles((await list(t.admin, "sort=newest")).tickets));
    expect(titles(tickets)).toEqual(titles((await list(t.admin, "sort=oldest")).tickets).reverse());
  });

  it("priority puts critical first and tickets without a priority last", async () => {
    const priorities = (await list(t.admin, "sort=priority")).tickets.map((ticket) => ticket.priority);
    expect(priorities[0]).toBe("critical");
    expect(priorities.at(-1)).toBeNull();
    expect(priorities.indexOf(null)).toBe(priorities.length - priorities.filter((p) => p === null).length);
  });

  it("due puts the earliest due date first and tickets without one last", async () => {
    const due = (await list(t.admin, "sort=due")).tickets.map((ticket) => ticket.dueAt);
    expect(due[0]).not.toBeNull();
    expect(due.at(-1)).toBeNull();
  });

  it("updated puts the ticket touched last first", async () => {
    const oldest = (await list(t.admin, "sort=oldest")).tickets[0];
    await t.request(t.admin, {
      method: "POST",
      url: `/api/tickets/${oldest?._id}/comments`,
      payload: { body: "Following up." },
    });
    expect((await list(t.admin, "sort=updated")).tickets[0]?._id).toBe(oldest?._id);
  });
});

describe("cursor pagination", () => {
  async function walk(
    session: Session,
    query: string,
    limit: number,
    from: string | null = null,
  ): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = from;
    let pages = 0;
    do {
      const url: string = `/api/tickets?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const reply = await t.request(session, { method: "GET", url });
      expect(reply.statusCode, reply.body).toBe(200);
      const page: { tickets: Ticket[]; nextCursor: string | null } = reply.json();
      expect(page.tickets.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor) expect(page.tickets).toHaveLength(limit);
      ids.push(...page.tickets.map((ticket) => ticket._id));
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { ids, pages };
  }

  it.each(Object.keys(ORDERS))(
    "sort=%s: walking every page gives the whole list once, in order",
    async (sort) => {
      const whole = (await list(t.admin, `sort=${sort}`)).tickets.map((ticket) => ticket._id);
      const { ids, pages } = await walk(t.admin, `sort=${sort}`, 5);
      expect(pages).toBe(Math.ceil(SPECS.length / 5));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(whole);
    },
  );

  it("walks the pages of a filtered search, and of a user's own list", async () => {
    const filtered = (await list(t.admin, "q=request&sort=priority")).tickets.map((ticket) => ticket._id);
    expect(filtered.length).toBeGreaterThan(3);
    expect((await walk(t.admin, "q=request&sort=priority", 2)).ids).toEqual(filtered);
    const own = (await list(ann, "sort=due")).tickets.map((ticket) => ticket._id);
    expect((await walk(ann, "sort=due", 3)).ids).toEqual(own);
  });

  it("a page that ends the list has no next cursor; a page of exactly the rest has none either", async () => {
    const full = await list(t.admin);
    expect(full.nextCursor).toBeNull();
    const exact = await t.request(t.admin, { method: "GET", url: `/api/tickets?limit=${SPECS.length}` });
    expect(exact.json().nextCursor).toBeNull();
    const short = await t.request(t.admin, { method: "GET", url: `/api/tickets?limit=${SPECS.length - 1}` });
    expect(short.json().nextCursor).toEqual(expect.any(String));
  });

  it("a ticket filed while walking neither repeats nor shifts the pages already seen", async () => {
    const first = (await t.request(ann, { method: "GET", url: "/api/tickets?limit=3" })).json();
    const filed = await t.request(ann, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "Filed mid-walk", description: "x" },
    });
    const rest = (await walk(ann, "sort=newest", 3, first.nextCursor)).ids;
    const seen = [...first.tickets.map((ticket: Ticket) => ticket._id), ...rest];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(filed.json().ticket._id);
    const annTickets = (await list(ann)).tickets.filter((ticket) => ticket.title !== "Filed mid-walk");
    expect(seen).toEqual(annTickets.map((ticket) => ticket._id));
  });
});

describe("limit", () => {
  it("limit=1 gives one ticket and a cursor; limit=200 is allowed", async () => {
    const one = await t.request(t.admin, { method: "GET", url: "/api/tickets?limit=1" });
    expect(one.json().tickets).toHaveLength(1);
    expect(one.json().nextCursor).toEqual(expect.any(String));
    expect((await t.request(t.admin, { method: "GET", url: "/api/tickets?limit=200" })).statusCode).toBe(200);
  });

  it("limit=0 and limit=201 are refused", async () => {
    for (const limit of [0, 201]) {
      const reply = await t.request(t.admin, { method: "GET", url: `/api/tickets?limit=${limit}` });
      expect(reply.statusCode).toBe(400);
    }
  });

  it("without a limit a page holds 100 tickets", async () => {
    const total = (await list(t.admin)).tickets.length;
    for (let i = total; i < 101; i++) {
      await t.request(mo, {
        method: "POST",
        url: "/api/tickets",
        payload: { title: `Bulk ${i}`, description: "x" },
      });
    }
    const page = (await t.request(t.admin, { method: "GET", url: "/api/tickets" })).json();
    expect(page.tickets).toHaveLength(100);
    expect(page.nextCursor).toEqual(expect.any(String));
  });
});
