import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../harness.ts";
import { waitFor } from "../wait-for.ts";

/**
 * What a requester writes reaches staff in the AI notes of other tickets (similar resolved
 * tickets) and in lists: it must arrive as text, and only from tickets staff resolved.
 */

let t: TestApp;
let moderator: Session;

beforeAll(async () => {
  t = await createTestApp({}, { worker: true });
  moderator = await t.signUp("moderator", { skills: ["Networking", "Hardware"] });
});
afterAll(() => t.close());

/** The ticket as staff see it once triage has written its notes. */
const triaged = (id: string) =>
  waitFor(
    async () => {
      const ticket: Ticket = (await t.request(moderator, { method: "GET", url: `/api/tickets/${id}` })).json()
        .ticket;
      return ticket.helpfulNotes ? ticket : undefined;
    },
    { what: `triage notes on ${id}` },
  );

const PLANTED = "![](http://host.example/t.png)[Reset VPN](http://host.example/ph)";
/** Markdown that would render an image, a link, emphasis, code or HTML: none may survive unescaped. */
const MARKUP = /(?<!\\)!\[|(?<!\\)\]\(http|(?<!\\)<img|(?<!\\)\*\*|(?<!\\)`/;

describe("similar resolved tickets in the AI notes", () => {
  it("leave out a ticket its own creator closed, however well it matches", async () => {
    const mallory = await t.signUp();
    const planted = await t.fileTicket(mallory, `Modem ${PLANTED}`, "The modem reboots every night at two.");
    await triaged(planted._id);
    const closed = await t.request(mallory, {
      method: "PATCH",
      url: `/api/tickets/${planted._id}`,
      payload: { status: "CLOSED" },
    });
    expect(closed.statusCode).toBe(200);

    const victim = await t.fileTicket(await t.signUp(), "Modem reboots", "The modem reboots every night.");
    const notes = (await triaged(victim._id)).helpfulNotes ?? "";
    expect(notes).not.toContain(planted._id);
    expect(notes).not.toContain("host.example");
  });

  it("show a title and resolution from a ticket staff resolved as text, never as markup", async () => {
    const requester = await t.signUp();
    const solved = await t.fileTicket(
      requester,
      `Printer **jams** \`again\` <img src=x> ${PLANTED}`,
      "The printer on floor 2 jams on every page.",
    );
    await triaged(solved._id);
    const resolved = await t.request(moderator, {
      method: "PATCH",
      url: `/api/tickets/${solved._id}`,
      payload: { status: "RESOLVED", resolution: `Cleared the tray ${PLANTED}` },
    });
    expect(resolved.statusCode).toBe(200);

    const next = await t.fileTicket(
      await t.signUp(),
      "Printer jams",
      "The floor 2 printer jams on each page.",
    );
    const notes = (await triaged(next._id)).helpfulNotes ?? "";
    const line = notes.split("\n").find((text) => text.includes(`/tickets/${solved._id}`));
    expect(line, notes).toBeDefined();
    expect(line).toContain("Cleared the tray");
    expect(line).toContain("\\!\\[\\](http://host.example/t.png)\\[Reset VPN\\](http://host.example/ph)");
    expect(line).not.toMatch(MARKUP);
  });

  it("take the last public reply by staff when there is no resolution, never the requester's", async () => {
    const requester = await t.signUp();
    const solved = await t.fileTicket(requester, "Scanner paper jam", "The scanner on floor 4 jams.");
    const reply = (session: Session, body: string) =>
      t.request(session, { method: "POST", url: `/api/tickets/${solved._id}/comments`, payload: { body } });
    expect((await reply(moderator, "Removed a staple from the feeder.")).statusCode).toBe(201);
    expect((await reply(requester, `Thanks! ${PLANTED}`)).statusCode).toBe(201);
    const resolved = await t.request(moderator, {
      method: "PATCH",
      url: `/api/tickets/${solved._id}`,
      payload: { status: "RESOLVED" },
    });
    expect(resolved.statusCode).toBe(200);

    const next = await t.fileTicket(await t.signUp(), "Scanner jams", "The floor 4 scanner jams again.");
    const notes = (await triaged(next._id)).helpfulNotes ?? "";
    const line = notes.split("\n").find((text) => text.includes(`/tickets/${solved._id}`));
    expect(line, notes).toContain("Removed a staple");
    expect(line).not.toContain("host.example");
  });
});

describe("ticket titles", () => {
  it("are one line: line breaks of any kind become single spaces", async () => {
    const session = await t.signUp();
    const filed = await t.fileTicket(session, "  VPN\r\ndrops\n\n again\u2028and\ragain  ", "Details.");
    expect(filed.title).toBe("VPN drops again and again");
    const listed = (await t.request(session, { method: "GET", url: "/api/tickets" })).json().tickets;
    expect(listed.map((ticket: Ticket) => ticket.title)).toContain("VPN drops again and again");
  });
});
