import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/**
 * The search box as agents use it: by number, by requester, by what was said on a ticket, with
 * typos. Tickets and replies are made through the API; each test reads what a search returns.
 */
let t: TestApp;
let rita: Session;
let otto: Session;
let mo: Session;
let invoice: Ticket;
let vpn: Ticket;
let printer: Ticket;

beforeAll(async () => {
  t = await createTestApp();
  rita = await t.signUp();
  otto = await t.signUp();
  mo = await t.signUp("moderator");
  invoice = await t.fileTicket(rita, "Invoice for October is wrong", "The amount on the invoice is doubled.");
  vpn = await t.fileTicket(otto, "VPN drops at home", "The tunnel disconnects every few minutes.");
  printer = await t.fileTicket(otto, "Printer on floor 2", "It prints blank pages.");
  const reply = (session: Session, ticket: Ticket, body: string, internal = false) =>
    t.request(session, {
      method: "POST",
      url: `/api/tickets/${ticket._id}/comments`,
      payload: { body, internal },
    });
  expect((await reply(mo, vpn, "Please reinstall the WireGuard client and restart.")).statusCode).toBe(201);
  expect(
    (await reply(mo, printer, "Toner cartridge is counterfeit; escalated to facilities.", true)).statusCode,
  ).toBe(201);
});
afterAll(() => t.close());

async function search(session: Session, q: string): Promise<string[]> {
  const reply = await t.request(session, { method: "GET", url: `/api/tickets?q=${encodeURIComponent(q)}` });
  expect(reply.statusCode, reply.body).toBe(200);
  return (reply.json().tickets as Ticket[]).map((ticket) => ticket.title).sort();
}

describe("ticket search", () => {
  it("finds a ticket by its number: #3 is ticket 3 alone, 3 is it and any ticket that says 3", async () => {
    expect(await search(mo, `#${invoice.number}`)).toEqual([invoice.title]);
    expect(await search(mo, `#${printer.number}`)).toEqual([printer.title]);
    expect(await search(mo, String(invoice.number))).toContain(invoice.title);
  });

  it("finds a requester's tickets by their email or part of it", async () => {
    expect(await search(mo, otto.email)).toEqual([printer.title, vpn.title].sort());
    expect(await search(mo, rita.email.split("@")[0] as string)).toEqual([invoice.title]);
  });

  it("forgives a typo in a word when nothing matches exactly", async () => {
    expect(await search(mo, "invoce")).toEqual([invoice.title]);
    expect(await search(mo, "disconects")).toEqual([vpn.title]);
    expect(await search(mo, "invoce octber")).toEqual([invoice.title]);
  });

  it("never loosens a query written with search syntax", async () => {
    expect(await search(mo, '"invoce"')).toEqual([]);
    expect(await search(mo, "invoce -october")).toEqual([]);
  });

  it("forgives typos only within the tickets the viewer may see", async () => {
    expect(await search(rita, "disconects")).toEqual([]);
    expect(await search(otto, "disconects")).toEqual([vpn.title]);
  });

  it("finds a ticket by the words of a public reply, for staff and for its requester", async () => {
    expect(await search(mo, "wireguard")).toEqual([vpn.title]);
    expect(await search(otto, "wireguard")).toEqual([vpn.title]);
  });

  it("finds a ticket by an internal note for staff only, never for the requester", async () => {
    expect(await search(mo, "counterfeit")).toEqual([printer.title]);
    expect(await search(otto, "counterfeit")).toEqual([]);
  });

  it("never shows a user someone else's ticket, whatever matches", async () => {
    expect(await search(rita, "wireguard")).toEqual([]);
    expect(await search(rita, otto.email)).toEqual([]);
    expect(await search(rita, `#${vpn.number}`)).toEqual([]);
  });

  it("takes wildcards in the text literally", async () => {
    expect(await search(mo, "%")).toEqual([]);
    expect(await search(mo, "_")).toEqual([]);
  });
});
