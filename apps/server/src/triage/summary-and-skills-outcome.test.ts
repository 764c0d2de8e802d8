import type { Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "../../test/harness.ts";
import { waitFor } from "../../test/wait-for.ts";

/**
 * What a support team reads after filing tickets: the summary under each title and the skills the
 * ticket is routed by, through the API, the worker and the built-in engine on a real database.
 */

let t: TestApp;
let requester: Session;
beforeAll(async () => {
  t = await createTestApp({}, { worker: true, triageRefreshMs: 0 });
  requester = await t.signUp();
  // Staff skills are the installation's skill vocabulary: these are what triage may name.
  await t.signUp("moderator", { skills: ["Email", "Mobile", "Hardware", "Networking"] });
});
afterAll(() => t.close());

async function triaged(title: string, description: string): Promise<Ticket> {
  const filed = await t.fileTicket(requester, title, description);
  return waitFor(
    async () => {
      const { ticket } = (
        await t.request(t.admin, { method: "GET", url: `/api/tickets/${filed._id}` })
      ).json();
      return ticket.triage ? (ticket as Ticket) : undefined;
    },
    { what: `the triage of "${title}"` },
  );
}

describe("the summary of a filed ticket", () => {
  it("does not repeat the title when the description restates it", async () => {
    const ticket = await triaged("Laptop battery drains in 2 hours", "Laptop battery drains in 2 hours.");
    expect(ticket.summary).toBe("No details beyond the title.");
  });

  it("says what the description adds, not the title again", async () => {
    const ticket = await triaged(
      "Laptop battery drains in 2 hours",
      "Laptop battery drains in 2 hours. It started after the BIOS update on Monday, even with the screen dimmed.",
    );
    expect(ticket.summary).toBe("It started after the BIOS update on Monday, even with the screen dimmed.");
  });

  it("does not pick filler or a reference, and still says something when that is all there is", async () => {
    const filler = await triaged("Printer jams", "Please help as soon as possible. Ref 24.");
    expect(filler.summary).toBe("No details beyond the title; the requester asks for a quick answer.");

    const mixed = await triaged(
      "Scanner fails",
      "Hello Support Team, I hope this message finds you well. Please help as soon as possible. Ref 24. " +
        "The scanner on floor 3 shows error E-17 when scanning to PDF. Thank you! Best regards, Ann",
    );
    expect(mixed.summary).toBe("The scanner on floor 3 shows error E-17 when scanning to PDF.");
  });

  it("keeps the title out even when it has no full stop and the description opens with a greeting", async () => {
    const ticket = await triaged(
      "Urgent problem with Software Application X",
      "Hello Customer Support Team,\n\nThe export in Software Application X has produced empty files since the upgrade.",
    );
    expect(ticket.summary).toBe(
      "The export in Software Application X has produced empty files since the upgrade.",
    );
  });
});

describe("the skills of a filed ticket", () => {
  it("take no Email from an incidental 'confirm by email' or 'reply by email'", async () => {
    const vpn = await triaged(
      "VPN drops every hour",
      "The VPN drops every hour since Monday. Please confirm by email once it is fixed.",
    );
    expect(vpn.relatedSkills).toEqual(["Networking"]);

    const printer = await triaged(
      "Printer offline",
      "The printer on floor 2 is offline. Reply by email, thanks.",
    );
    expect(printer.relatedSkills).toEqual(["Hardware"]);
  });

  it("take no Mobile or Email from contact details and signatures", async () => {
    const ticket = await triaged(
      "Monitor flickers",
      "My monitor flickers when the laptop is docked. Call me on my mobile at +49 30 1234567.\n" +
        "Email: ann@example.com\nSent from my iPhone",
    );
    expect(ticket.relatedSkills).toEqual(["Hardware"]);
  });

  it("take Email when the mail is the problem", async () => {
    const server = await triaged("Mail bounces", "Our email server rejects mail from two customers.");
    expect(server.relatedSkills).toEqual(["Email"]);
    const outlook = await triaged("Cannot send", "Outlook cannot send email since this morning's update.");
    expect(outlook.relatedSkills).toEqual(["Email"]);
  });

  it("take Mobile when the phone is the problem, even beside a request to answer by email", async () => {
    const ticket = await triaged(
      "App crashes",
      "The app crashes on my iPhone at start. Please confirm by email when a fix is out.",
    );
    expect(ticket.relatedSkills).toEqual(["Mobile"]);
  });
});
