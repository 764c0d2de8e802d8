import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { waitFor } from "./wait-for.ts";

/** The first minutes of a new installation: no history, no categories stored yet. */

let t: TestApp;
let requester: Session;
beforeAll(async () => {
  // Triage reads the stored categories for every ticket here, as it does once its 2 s cache expires.
  t = await createTestApp({}, { worker: true, triageRefreshMs: 0 });
  requester = await t.signUp();
});
afterAll(() => t.close());

async function triaged(title: string, description: string): Promise<Ticket> {
  const filed = await t.fileTicket(requester, title, description);
  return waitFor(async () => {
    const { ticket } = (await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}` })).json();
    return ticket.triage ? (ticket as Ticket) : undefined;
  });
}

describe("a fresh installation", () => {
  it("gives each ticket its own category, not the first ticket's", async () => {
    const network = await triaged(
      "VPN keeps dropping",
      "The office VPN and wifi network disconnect every hour.",
    );
    expect(network.category).toBe("Network");
    const invoice = await triaged(
      "Charged twice on my invoice",
      "My credit card was billed twice for the invoice.",
    );
    expect(invoice.category).toBe("Billing");
    const login = await triaged(
      "Cannot log in on mobile",
      "The app says my password is wrong and my account is locked out.",
    );
    expect(login.category).toBe("Account & Access");
  });
});
