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

  it("files the first ten tickets of ten kinds under at least eight different, correct categories", async () => {
    const kinds: [string, string, string][] = [
      [
        "Billing",
        "Refund for a double charge",
        "I was charged twice this month; please refund the second payment on my invoice.",
      ],
      [
        "Account & Access",
        "Locked out of my account",
        "After three wrong passwords my account is locked and the reset link never arrives.",
      ],
      [
        "Network",
        "Wifi drops in the meeting rooms",
        "The wireless network on floor 2 disconnects every few minutes and the VPN drops with it.",
      ],
      [
        "Hardware",
        "Laptop screen flickers",
        "My laptop display flickers and the keyboard stopped working after the battery swelled.",
      ],
      [
        "Software Bug",
        "App crashes when exporting",
        "The desktop app crashes with an error every time I export a report to PDF; steps to reproduce below.",
      ],
      [
        "Security",
        "Suspicious phishing email",
        "I received a phishing email asking for my password and I clicked the link; could my account be compromised?",
      ],
      [
        "Feature Request",
        "Please add dark mode",
        "It would be great if you could add a dark mode option to the dashboard; feature request from our team.",
      ],
      [
        "Orders & Returns",
        "Return a damaged order",
        "My order arrived damaged; how do I return it and get a replacement shipped?",
      ],
      [
        "Human Resources",
        "Question about parental leave",
        "How many days of parental leave do employees get, and how do I request vacation in the HR portal?",
      ],
      [
        "Outage & Maintenance",
        "Website down for everyone",
        "Our whole site is down with 503 errors since the maintenance window started; all users are affected by the outage.",
      ],
    ];
    const right = new Set<string>();
    const answers: string[] = [];
    for (const [expected, title, description] of kinds) {
      const ticket = await triaged(title, description);
      answers.push(`${expected} → ${ticket.category} (${ticket.triage?.confidence.category})`);
      if (ticket.category === expected) right.add(expected);
    }
    expect(right.size, answers.join("\n")).toBeGreaterThanOrEqual(8);
  });
});
