import type { Ticket, TicketEvent } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { waitFor } from "../../test/wait-for.ts";
import { routeWaiting, ticketCreated } from "../jobs/definitions.ts";
import { updateUser } from "../users/service.ts";

let t: TestApp;
let postgresExpert: Session;
let windowsExpert: Session;
let creator: Session;

beforeAll(async () => {
  t = await createTestApp({}, { worker: true });
  postgresExpert = await t.signUp("moderator", { skills: ["PostgreSQL", "Database"] });
  windowsExpert = await t.signUp("moderator", { skills: ["Windows", "Hardware"] });
  creator = await t.signUp();
});
afterAll(() => t.close());

const fileTicket = (session: Session, title: string, description: string): Promise<Ticket> =>
  t.fileTicket(session, title, description);

async function staffView(id: string): Promise<Ticket> {
  return (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}` })).json().ticket;
}

async function history(id: string): Promise<TicketEvent[]> {
  return (await t.request(t.admin, { method: "GET", url: `/api/tickets/${id}/events` })).json().events;
}

type Mail = {
  _id: string;
  to: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  ticketId: string;
};
async function mailbox(): Promise<Mail[]> {
  const reply = await t.request(t.admin, { method: "GET", url: "/api/admin/mail?limit=500" });
  expect(reply.statusCode).toBe(200);
  return reply.json().mail;
}

const assigned = (id: string) =>
  waitFor(
    async () => {
      const ticket = await staffView(id);
      return ticket.assignment ? ticket : undefined;
    },
    { what: `ticket ${id} to be routed` },
  );

describe("ticket.created", () => {
  it("triages the ticket, assigns the moderator whose skills match with a reason, and mails them", async () => {
    const filed = await fileTicket(
      creator,
      "Postgres replication broken",
      "Our PostgreSQL replica stopped following the primary database this morning; reports are stale.",
    );
    const ticket = await assigned(filed._id);
    expect(ticket.triage).not.toBeNull();
    expect(ticket.assignedTo?._id).toBe(postgresExpert.user._id);
    expect(ticket.status).toBe("IN_PROGRESS");
    expect(ticket.dueAt).not.toBeNull();
    expect(ticket.assignment).toMatchObject({ rule: "skills", decidedBy: "routing" });
    expect(ticket.assignment?.matchedSkills.length).toBeGreaterThan(0);
    // The reason names the skill and the ticket's words that pointed at it.
    expect(ticket.assignment?.reason).toMatch(/Covers PostgreSQL.*postgres → PostgreSQL/);

    // Without SMTP, the mail job keeps the outbox row as the mailbox copy.
    const mail = await waitFor(async () =>
      (await mailbox()).find(
        (item) => item.kind === "assigned" && item.ticketId === filed._id && item.status === "kept",
      ),
    );
    expect(mail.to).toBe(postgresExpert.email);
    expect(mail.text).toContain(`/tickets/${filed._id}`);
    expect(mail.text).toContain("Postgres replication broken");
    // The HTML part shows the AI notes as formatted text, not as markdown signs.
    expect(mail.html).toMatch(/<strong>Checklist/);
    expect(mail.html).toContain("<li>");
    expect(mail.html).not.toContain("**");

    // The creator sees who works on it, never why.
    const own = (await t.request(creator, { method: "GET", url: `/api/tickets/${filed._id}` })).json().ticket;
    expect(own.assignedTo._id).toBe(postgresExpert.user._id);
    expect(own.assignment).toBeNull();
  });

  it("a job delivered again re-triages, re-assigns and re-mails nothing", async () => {
    const filed = await fileTicket(
      creator,
      "Laptop will not boot",
      "My Windows laptop shows a blue screen at start.",
    );
    await assigned(filed._id);
    // Settled: the assignee's mail written and delivered (kept), so nothing moves under the comparison.
    await waitFor(async () => {
      const mine = (await mailbox()).filter((mail) => mail.ticketId === filed._id);
      return mine.length > 0 && mine.every((mail) => mail.status !== "pending");
    });
    const before = {
      events: await history(filed._id),
      mail: await mailbox(),
      ticket: await staffView(filed._id),
    };

    await t.app.jobs.send(ticketCreated, { ticketId: filed._id });
    await t.app.jobs.send(ticketCreated, { ticketId: filed._id });
    await waitFor(
      async () => {
        const jobs = (await t.request(t.admin, { method: "GET", url: "/api/admin/jobs?limit=500" })).json()
          .jobs;
        const mine = jobs.filter(
          (job: { name: string; ticketId: string }) =>
            job.name === "ticket.created" && job.ticketId === filed._id,
        );
        return mine.length === 3 && mine.every((job: { state: string }) => job.state === "completed");
      },
      { what: "the redelivered jobs to complete" },
    );

    expect(await history(filed._id)).toEqual(before.events);
    expect(await mailbox()).toEqual(before.mail);
    expect(await staffView(filed._id)).toEqual(before.ticket);
    expect(before.events.filter((event) => event.kind === "triaged")).toHaveLength(1);
    expect(before.events.filter((event) => event.kind === "assigned")).toHaveLength(1);
  });

  it("a manual assignment wins: routing leaves it alone, and the new assignee is mailed", async () => {
    const filed = await fileTicket(creator, "Printer jam", "The third floor printer jams on every page.");
    const ticket = await assigned(filed._id);
    const other = ticket.assignedTo?._id === windowsExpert.user._id ? postgresExpert : windowsExpert;
    const moved = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${filed._id}`,
      payload: { assignedTo: other.user._id },
    });
    expect(moved.statusCode).toBe(200);
    await t.app.jobs.send(ticketCreated, { ticketId: filed._id });
    await waitFor(async () => {
      const jobs = (await t.request(t.admin, { method: "GET", url: "/api/admin/jobs?limit=500" })).json()
        .jobs;
      const mine = jobs.filter(
        (job: { name: string; ticketId: string }) =>
          job.name === "ticket.created" && job.ticketId === filed._id,
      );
      return mine.length === 2 && mine.every((job: { state: string }) => job.state === "completed");
    });
    const after = await staffView(filed._id);
    expect(after.assignedTo?._id).toBe(other.user._id);
    expect(after.assignment?.rule).toBe("manual");
    // The new assignee hears of it, once, like a routed assignee.
    await waitFor(async () =>
      (await mailbox()).some(
        (mail) => mail.kind === "assigned" && mail.ticketId === filed._id && mail.to === other.email,
      ),
    );
    const assignedMail = (await mailbox()).filter(
      (mail) => mail.kind === "assigned" && mail.ticketId === filed._id,
    );
    expect(assignedMail.map((mail) => mail.to).sort()).toEqual(
      [ticket.assignedTo?.email, other.email].sort(),
    );
  });
});

describe("SLA due dates", () => {
  it("follow the priority, also when staff change it", async () => {
    const filed = await fileTicket(creator, "Mouse cable frayed", "The cable of my mouse is frayed.");
    const ticket = await assigned(filed._id);
    expect(ticket.dueAt).not.toBeNull();
    const changed = await t.request(t.admin, {
      method: "PATCH",
      url: `/api/tickets/${filed._id}`,
      payload: { priority: ticket.priority === "critical" ? "low" : "critical" },
    });
    const priority = changed.json().ticket.priority;
    const hours = priority === "critical" ? 4 : 7 * 24;
    const expected = new Date(new Date(ticket.createdAt).getTime() + hours * 3_600_000).toISOString();
    await waitFor(async () => (await staffView(filed._id)).dueAt === expected, { what: "the new due date" });
  });
});

describe("mail for what happens to a ticket", () => {
  it("welcomes a new account", async () => {
    const session = await t.signUp();
    const mail = await waitFor(async () => (await mailbox()).find((item) => item.to === session.email));
    expect(mail).toMatchObject({ kind: "welcome", subject: "Welcome to Helpdesk" });
  });

  it("tells the creator their ticket was resolved, with the resolution", async () => {
    const filed = await fileTicket(creator, "VPN drops", "The VPN disconnects every ten minutes.");
    await assigned(filed._id);
    const resolved = await t.request(postgresExpert, {
      method: "PUT",
      url: `/api/tickets/${filed._id}`,
      payload: { status: "RESOLVED", resolution: "Renewed the VPN certificate." },
    });
    expect(resolved.statusCode).toBe(200);
    const mail = await waitFor(async () =>
      (await mailbox()).find((item) => item.kind === "status_changed" && item.ticketId === filed._id),
    );
    expect(mail.to).toBe(creator.email);
    expect(mail.subject).toContain("Resolved");
    expect(mail.text).toContain("Renewed the VPN certificate.");
  });

  it("mails public replies across, and internal notes to nobody", async () => {
    const filed = await fileTicket(creator, "Database backup failed", "Last night's Postgres backup failed.");
    const ticket = await assigned(filed._id);
    const assignee = ticket.assignedTo?._id === postgresExpert.user._id ? postgresExpert : windowsExpert;
    const comment = (session: Session, body: string, internal = false) =>
      t.request(session, {
        method: "POST",
        url: `/api/tickets/${filed._id}/comments`,
        payload: { body, internal },
      });

    expect((await comment(assignee, "Looking into the disk space now.")).statusCode).toBe(201);
    expect((await comment(assignee, "Disk was full; internal only.", true)).statusCode).toBe(201);
    expect((await comment(creator, "Thanks, it is urgent for us.")).statusCode).toBe(201);

    const replies = await waitFor(async () => {
      const found = (await mailbox()).filter((item) => item.kind === "reply" && item.ticketId === filed._id);
      return found.length >= 2 ? found : undefined;
    });
    expect(replies.map((mail) => mail.to).sort()).toEqual([assignee.email, creator.email].sort());
    expect(replies.find((mail) => mail.to === creator.email)?.text).toContain("Looking into the disk space");
    expect(replies.find((mail) => mail.to === assignee.email)?.text).toContain("it is urgent for us");
    expect(JSON.stringify(await mailbox())).not.toContain("internal only");
  });

  it("alerts the admins when nobody can take a ticket, and routes it once someone can", async () => {
    const team = [postgresExpert, windowsExpert, t.admin];
    for (const session of team)
      await updateUser(t.database.db, session.user._id, { available: false }, t.app.jobs);
    let filed: Ticket;
    try {
      filed = await fileTicket(creator, "Kubernetes pods crash", "Our k8s pods crash-loop after deploy.");
      const ticket = await assigned(filed._id);
      expect(ticket.assignedTo).toBeNull();
      expect(ticket.assignment?.rule).toBe("unassigned");
      expect(ticket.status).toBe("TODO");
      const alert = await waitFor(async () =>
        (await mailbox()).find((item) => item.kind === "unassigned" && item.ticketId === filed._id),
      );
      expect(alert.to).toBe(t.admin.email);

      // Still nobody: trying again changes nothing and alerts nobody again.
      await t.app.jobs.send(routeWaiting, {});
      await t.app.jobs.send(ticketCreated, { ticketId: filed._id });
      await waitFor(async () => {
        const jobs = (await t.request(t.admin, { method: "GET", url: "/api/admin/jobs" })).json().jobs;
        return jobs
          .filter((job: { name: string }) => job.name === "route.waiting" || job.name === "ticket.created")
          .every((job: { state: string }) => job.state === "completed");
      });
      expect((await staffView(filed._id)).assignment).toEqual(ticket.assignment);
      expect((await mailbox()).filter((item) => item.ticketId === filed._id)).toHaveLength(1);
    } finally {
      for (const session of team)
        await updateUser(t.database.db, session.user._id, { available: true }, t.app.jobs);
    }

    await t.app.jobs.send(routeWaiting, {});
    const routed = await waitFor(async () => {
      const ticket = await staffView(filed._id);
      return ticket.assignedTo ? ticket : undefined;
    });
    expect(routed.status).toBe("IN_PROGRESS");
    await waitFor(async () =>
      (await mailbox()).some(
        (item) =>
          item.kind === "assigned" && item.ticketId === filed._id && item.to === routed.assignedTo?.email,
      ),
    );
  });
});

describe("admin job monitor and mailbox", () => {
  it("lists jobs with their ticket and state, and only admins may look", async () => {
    const filed = await fileTicket(creator, "Email bounces", "Outgoing mail to customers bounces.");
    type Job = { name: string; state: string; ticketId: string };
    // The assignee's mail is sent by a job of its own, which belongs to the ticket too.
    const jobs = await waitFor(async () => {
      const reply = await t.request(t.admin, { method: "GET", url: "/api/admin/jobs" });
      expect(reply.statusCode).toBe(200);
      const mine: Job[] = reply.json().jobs.filter((item: Job) => item.ticketId === filed._id);
      return mine.some((item) => item.name === "mail.send") ? mine : undefined;
    });
    const job = jobs.find((item) => item.name === "ticket.created");
    expect(job).toMatchObject({ attempts: 1, lastError: null });
    expect(["active", "completed"]).toContain(job?.state);

    for (const url of ["/api/admin/jobs", "/api/admin/mail"]) {
      expect((await t.request(postgresExpert, { method: "GET", url })).statusCode).toBe(403);
      expect((await t.request(creator, { method: "GET", url })).statusCode).toBe(403);
    }
  });

  it("retries only failed jobs", async () => {
    const jobs = (await t.request(t.admin, { method: "GET", url: "/api/admin/jobs" })).json().jobs;
    const done = jobs.find((job: { state: string }) => job.state === "completed");
    const retry = (id: string) => t.request(t.admin, { method: "POST", url: `/api/admin/jobs/${id}/retry` });
    expect((await retry(done._id)).statusCode).toBe(409);
    expect((await retry("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await retry("not-an-id")).statusCode).toBe(404);
  });

  it("shows the mailbox newest first", async () => {
    const mail = await mailbox();
    const times = mail.map((item) => (item as unknown as { createdAt: string }).createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
