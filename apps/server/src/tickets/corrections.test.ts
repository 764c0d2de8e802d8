import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/harness.ts";
import { triageExamples } from "../db/schema.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const fileTicket = async (title: string) =>
  (await t.fileTicket(await t.signUp(), title, "The invoice total is wrong since the last update."))._id;

const examplesOf = (ticketId: string) =>
  t.database.db.select().from(triageExamples).where(eq(triageExamples.ticketId, ticketId));

describe("staff corrections teach the triage engine", () => {
  it("a moderator's new priority, category and skills become a labelled example of the ticket", async () => {
    const moderator = await t.signUp("moderator");
    await t.request(t.admin, { method: "POST", url: "/api/admin/skills", payload: { name: "Stripe" } });
    const ticketId = await fileTicket("Invoice total wrong");
    const reply = await t.request(moderator, {
      method: "PATCH",
      url: `/api/tickets/${ticketId}`,
      payload: { priority: "critical", category: "Billing", relatedSkills: ["Stripe"] },
    });
    expect(reply.statusCode).toBe(200);
    const [example] = await examplesOf(ticketId);
    expect(example).toMatchObject({ priority: "critical", category: "Billing", skills: ["Stripe"] });
    expect(example?.text).toContain("Invoice total wrong");
  });

  it("a change of status alone teaches nothing", async () => {
    const moderator = await t.signUp("moderator");
    const ticketId = await fileTicket("Refund request");
    await t.request(moderator, {
      method: "PATCH",
      url: `/api/tickets/${ticketId}`,
      payload: { status: "WAITING" },
    });
    expect(await examplesOf(ticketId)).toEqual([]);
  });
});
