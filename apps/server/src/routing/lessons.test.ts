import { describe, expect, it } from "vitest";
import type { StaffMember } from "./choose-assignee.ts";
import { learnFromPastTickets, type PastTicket } from "./lessons.ts";

const staff = (id: string, skills: string[]): StaffMember => ({
  id,
  email: `${id}@example.com`,
  role: "moderator",
  skills,
  available: true,
  capacity: 20,
  openTickets: 0,
  lastAssignedAt: null,
});

const past = (overrides: Partial<PastTicket>): PastTicket => ({
  number: 5,
  title: "Coffee machine on floor two leaks water",
  description: "The coffee machine leaks water onto the kitchen floor.",
  assigneeId: "facilities",
  how: "reassigned",
  correctedSkills: null,
  ...overrides,
});

const ticket = {
  title: "Coffee machine on floor three leaks",
  description: "Water leaks from the coffee machine in the kitchen.",
};

describe("what past tickets teach routing", () => {
  it("a reassignment teaches that such tickets need the new assignee's skills, and is a precedent", () => {
    const lessons = learnFromPastTickets(ticket, [past({})], [staff("facilities", ["Facilities"])]);
    expect(lessons.needs).toMatchObject([{ skill: "Facilities", terms: ["#5"] }]);
    expect(lessons.precedents).toMatchObject([{ number: 5, assigneeId: "facilities", how: "reassigned" }]);
  });

  it("a person's skill correction teaches those skills, whoever has the ticket", () => {
    const lessons = learnFromPastTickets(
      ticket,
      [past({ how: "resolved", correctedSkills: ["Plumbing"] })],
      [staff("facilities", ["Facilities"])],
    );
    expect(lessons.needs.map((need) => need.skill)).toEqual(["Plumbing"]);
  });

  it("a resolution alone teaches no skill, and a ticket sharing a word or two teaches nothing", () => {
    expect(learnFromPastTickets(ticket, [past({ how: "resolved" })], []).needs).toEqual([]);
    const unlike = past({ title: "Kitchen lights flicker", description: "Lights in the hall flicker." });
    expect(learnFromPastTickets(ticket, [unlike], [staff("facilities", ["Facilities"])])).toEqual({
      needs: [],
      precedents: [],
    });
  });
});
