/**
 * Talks to a running Helpdesk through its public API, as its clients do: sign-ups, a team of
 * moderators, tickets, and the live stream that says when a ticket was assigned.
 */
import { openEventStream } from "../apps/server/test/sse-reader.ts";
import { TEAM, ticketBody } from "./workload.ts";

export type Team = { adminToken: string; creatorToken: string };

export class HelpdeskClient {
  constructor(readonly baseUrl: string) {}

  async call<Reply>(method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Reply;
  }

  async signUp(email: string, skills: string[] = []): Promise<{ token: string; userId: string }> {
    const { token, user } = await this.call<{ token: string; user: { _id: string } }>(
      "POST",
      "/api/auth/signup",
      { email, password: "a-bench-password", skills },
    );
    return { token, userId: user._id };
  }

  /** The first account (the admin), the moderators of TEAM with room for every ticket, and a user. */
  async setUpTeam(): Promise<Team> {
    const admin = await this.signUp("admin@bench.example");
    for (const [index, skills] of TEAM.entries()) {
      const email = `moderator-${index}@bench.example`;
      const { userId } = await this.signUp(email, skills);
      await this.call("POST", "/api/auth/update-user", { email, role: "moderator" }, admin.token);
      await this.call("PATCH", `/api/users/${userId}`, { capacity: 1000 }, admin.token);
    }
    const creator = await this.signUp("user@bench.example");
    return { adminToken: admin.token, creatorToken: creator.token };
  }

  fileTicket(index: number, token: string): Promise<{ ticket: { _id: string } }> {
    return this.call("POST", "/api/tickets", ticketBody(index), token);
  }

  /** Files `count` tickets, `concurrency` at a time; returns their ids. */
  async fileTickets(count: number, token: string, concurrency = 8): Promise<string[]> {
    const ids: string[] = [];
    let next = 0;
    const fileNext = async (): Promise<void> => {
      for (let index = next++; index < count; index = next++) {
        ids.push((await this.fileTicket(index, token)).ticket._id);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, fileNext));
    return ids;
  }

  /** Waits until the worker has assigned every ticket filed so far (an admin sees them all). */
  async waitUntilAllAssigned(adminToken: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { tickets } = await this.call<{ tickets: unknown[] }>(
        "GET",
        "/api/tickets?assignee=none&limit=1",
        undefined,
        adminToken,
      );
      if (tickets.length === 0) return;
      if (Date.now() > deadline) throw new Error(`tickets still unassigned after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Opens the admin's live stream and notes when each ticket's first `assigned` event arrives. */
  async watchAssignments(adminToken: string): Promise<AssignmentWatch> {
    const { token } = await this.call<{ token: string }>("POST", "/api/stream/token", {}, adminToken);
    const assignedAt = new Map<string, number>();
    const stream = await openEventStream(`${this.baseUrl}/api/stream?token=${token}`, ({ event, data }) => {
      if (event !== "ticket") return;
      const { ticketId, kind } = JSON.parse(data) as { ticketId: string; kind: string };
      if (kind === "assigned" && !assignedAt.has(ticketId)) assignedAt.set(ticketId, performance.now());
    });
    return {
      assignedAt,
      async close() {
        const end = await stream.close();
        if (end.by === "error") throw end.error;
      },
    };
  }
}

export type AssignmentWatch = {
  /** performance.now() when the stream announced each ticket's assignment. */
  assignedAt: Map<string, number>;
  close(): Promise<void>;
};
