import pg from "pg";
import { expect } from "vitest";
import { waitFor } from "../wait-for.ts";
import { callJson } from "./processes.ts";

/** What expectExactlyOnce verified, for the test's log line. */
export type ExactlyOnceCounts = {
  tickets: number;
  triaged: number;
  assigned: number;
  mails: number;
  duplicates: number;
};

export function describeCounts(counts: ExactlyOnceCounts): string {
  return `${counts.tickets} tickets: ${counts.triaged} triaged, ${counts.assigned} assigned, ${counts.mails} mails, ${counts.duplicates} duplicates`;
}

/** Reads the database the processes under test share, as an auditor would. */
export async function openAudit(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // A test that crashes the database cuts the auditor's idle connections too; the pool opens new ones.
  pool.on("error", () => {});
  const count = async (query: string): Promise<number> => Number((await pool.query(query)).rows[0]?.n ?? 0);
  return {
    pool,
    routedTickets: () => count("select count(*) as n from tickets where assignment is not null"),
    async waitUntilRouted(total: number, timeoutMs: number): Promise<void> {
      await waitFor(async () => (await this.routedTickets()) === total, {
        timeoutMs,
        what: `all ${total} tickets to be routed`,
      });
    },
    /** Every ticket triaged once, routed once, its assignee mailed once, and every mail handled. */
    async expectExactlyOnce(total: number): Promise<ExactlyOnceCounts> {
      // First let everything settle: jobs a killed worker held are handed on once their heartbeat
      // lapses and run again, and the assignees' mail follows routing; only then is anything counted.
      await waitFor(
        async () =>
          (await count(`select count(*) as n from pgboss.job
            where name in ('ticket.created', 'mail.send') and state <> 'completed'`)) === 0 &&
          (await count("select count(*) as n from mail_outbox where status = 'pending'")) === 0,
        { timeoutMs: 90_000, what: "every job to complete" },
      );
      expect(await count("select count(*) as n from tickets")).toBe(total);
      const events = await pool.query(`
        select kind, count(*)::int as tickets from (
          select ticket_id, kind, count(*) as times from ticket_events
          where kind in ('triaged', 'assigned') group by ticket_id, kind
        ) per_ticket where times = 1 group by kind order by kind`);
      expect(events.rows).toEqual([
        { kind: "assigned", tickets: total },
        { kind: "triaged", tickets: total },
      ]);
      const duplicates = await count(`select count(*) as n from (select ticket_id from ticket_events
          where kind in ('triaged', 'assigned') group by ticket_id, kind having count(*) > 1) repeated`);
      expect(duplicates).toBe(0);
      expect(await count("select count(*) as n from tickets where assigned_to is null")).toBe(0);
      const mail = await pool.query(`
        select count(*)::int as mails, count(distinct ticket_id)::int as tickets
        from mail_outbox where kind = 'assigned'`);
      expect(mail.rows[0]).toEqual({ mails: total, tickets: total });
      return { tickets: total, triaged: total, assigned: total, mails: total, duplicates };
    },
    /** The outbox as SMTP delivery left it. */
    async outbox(): Promise<{ id: string; kind: string; status: string; attempts: number }[]> {
      return (await pool.query("select id, kind, status, attempts from mail_outbox order by created_at"))
        .rows;
    },
    /** Which engine triaged each of these tickets, and why it fell back; untriaged ones are left out. */
    async triageOf(ids: string[]): Promise<{ id: string; engine: string; fallbackReason: string | null }[]> {
      const result = await pool.query(
        `select id, triage->>'engine' as engine, triage->>'fallbackReason' as "fallbackReason"
         from tickets where id = any($1::uuid[]) and triage is not null`,
        [ids],
      );
      return result.rows;
    },
    close: () => pool.end(),
  };
}

const SUBJECTS = [
  ["PostgreSQL replica lagging", "Our Postgres replica is hours behind the primary database."],
  ["Laptop does not boot", "My Windows laptop shows a blue screen at start-up."],
  ["VPN keeps dropping", "The VPN disconnects every few minutes from home."],
  ["Docker build fails", "Our Docker image build fails on the CI server since this morning."],
  ["Invoice is wrong", "We were charged twice on the last invoice for our subscription."],
];

/** Varied tickets, so routing has real choices to make. */
export function ticketBody(index: number): { title: string; description: string } {
  const [title, description] = SUBJECTS[index % SUBJECTS.length] as [string, string];
  return { title: `${title} (#${index})`, description };
}

export const TEAM = [
  ["PostgreSQL", "Database"],
  ["Windows", "Hardware"],
  ["Networking", "Linux"],
  ["Docker", "Kubernetes"],
  ["Billing"],
];

export type Team = { admin: { token: string }; creator: { token: string } };

/**
 * Through a server's API: the installation's first account (the admin), a moderator for each
 * skill set of TEAM with room for every ticket, and a user who files the tickets.
 */
export async function signUpTeam(base: string): Promise<Team> {
  const signUp = (email: string, skills?: string[]) =>
    callJson<{ token: string; user: { _id: string } }>(base, "/api/auth/signup", {
      body: { email, password: "a-good-password", skills },
    });
  const admin = await signUp("admin@example.com");
  for (const [index, skills] of TEAM.entries()) {
    const { user } = await signUp(`moderator-${index}@example.com`, skills);
    await callJson(base, `/api/users/${user._id}`, {
      method: "PATCH",
      token: admin.token,
      body: { role: "moderator", capacity: 1000 },
    });
  }
  return { admin, creator: await signUp("user@example.com") };
}

/** Files `count` tickets through a server's API, twenty at a time; returns their ids in order. */
export async function fileTickets(base: string, token: string, count: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, (_, offset) =>
      callJson<{ ticket: { _id: string } }>(base, "/api/tickets", {
        body: ticketBody(from + start + offset),
        token,
      }),
    );
    for (const { ticket } of await Promise.all(batch)) ids.push(ticket._id);
  }
  return ids;
}
