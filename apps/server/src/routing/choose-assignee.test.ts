import { describe, expect, it } from "vitest";
import { chooseAssignee, type StaffMember } from "./choose-assignee.ts";

let next = 0;
function member(overrides: Partial<StaffMember> = {}): StaffMember {
  next += 1;
  return {
    id: `00000000-0000-0000-0000-${String(next).padStart(12, "0")}`,
    email: `staff-${next}@example.com`,
    role: "moderator",
    skills: [],
    available: true,
    capacity: 20,
    openTickets: 0,
    lastAssignedAt: null,
    ...overrides,
  };
}

describe("chooseAssignee", () => {
  it('"Go" does not match a MongoDB expert', () => {
    const mongo = member({ skills: ["MongoDB"] });
    const gopher = member({ skills: ["Go"], openTickets: 5 });
    expect(chooseAssignee(["Go"], [mongo, gopher]).assigneeId).toBe(gopher.id);
    expect(chooseAssignee(["MongoDB"], [gopher, mongo]).assigneeId).toBe(mongo.id);
    expect(chooseAssignee(["Go"], [mongo]).rule).not.toBe("skills");
  });

  it('"Java" and "JavaScript" are different skills', () => {
    const java = member({ skills: ["Java"] });
    const js = member({ skills: ["JavaScript"], openTickets: 3 });
    expect(chooseAssignee(["JavaScript"], [java, js]).assigneeId).toBe(js.id);
    expect(chooseAssignee(["Java"], [js, java]).assigneeId).toBe(java.id);
  });

  it('"Node.js" matches its spellings but never "NodeXjs"', () => {
    const lookalike = member({ skills: ["NodeXjs"] });
    const node = member({ skills: ["nodejs"], openTickets: 9 });
    const decision = chooseAssignee(["Node.js"], [lookalike, node]);
    expect(decision.assigneeId).toBe(node.id);
    expect(decision.matchedSkills).toEqual(["Node.js"]);
    expect(chooseAssignee(["Node.js"], [lookalike]).rule).not.toBe("skills");
  });

  it("synonyms, case, spacing and punctuation compare equal", () => {
    const dba = member({ skills: ["PostgreSQL", "k8s", "DB"] });
    const other = member({ skills: ["Redis"] });
    const decision = chooseAssignee(["postgres", "Kubernetes", "database"], [other, dba]);
    expect(decision).toMatchObject({ assigneeId: dba.id, rule: "skills", score: 1 });
    expect(decision.matchedSkills).toEqual(["postgres", "Kubernetes", "database"]);
    expect(chooseAssignee([" JS "], [member({ skills: ["javascript"] })]).score).toBe(1);
  });

  it("the best coverage wins and the runner-up is recorded", () => {
    const half = member({ skills: ["Docker"] });
    const full = member({ skills: ["Docker", "Linux"], openTickets: 10 });
    const decision = chooseAssignee(["Docker", "Linux"], [half, full]);
    expect(decision.assigneeId).toBe(full.id);
    expect(decision.runnerUp).toEqual({ _id: half.id, email: half.email, score: 0.5 });
    expect(decision.reason).toContain("Covers 2 of 2 skills");
  });

  it("skips moderators at capacity", () => {
    const full = member({ skills: ["Docker"], capacity: 3, openTickets: 3 });
    const room = member({ skills: ["Docker"], capacity: 3, openTickets: 2 });
    expect(chooseAssignee(["Docker"], [full, room]).assigneeId).toBe(room.id);
  });

  it("skips moderators who are not available", () => {
    const away = member({ skills: ["Docker"], available: false });
    const here = member({ skills: ["Docker"], openTickets: 7 });
    expect(chooseAssignee(["Docker"], [away, here]).assigneeId).toBe(here.id);
  });

  it("breaks ties by fewest open tickets, then by longest since the last assignment", () => {
    const busy = member({ skills: ["Linux"], openTickets: 4 });
    const recent = member({ skills: ["Linux"], openTickets: 2, lastAssignedAt: new Date("2026-01-02") });
    const waiting = member({ skills: ["Linux"], openTickets: 2, lastAssignedAt: new Date("2026-01-01") });
    expect(chooseAssignee(["Linux"], [busy, recent, waiting]).assigneeId).toBe(waiting.id);
    const never = member({ skills: ["Linux"], openTickets: 2 });
    expect(chooseAssignee(["Linux"], [busy, recent, waiting, never]).assigneeId).toBe(never.id);
  });

  it("a ticket without skills goes to the least-loaded moderator", () => {
    const busy = member({ openTickets: 3 });
    const idle = member({ openTickets: 1 });
    expect(chooseAssignee([], [busy, idle])).toMatchObject({ assigneeId: idle.id, rule: "least-loaded" });
  });

  it("no moderator covering the skills falls back to the least-loaded admin", () => {
    const moderator = member({ skills: ["Windows"] });
    const busyAdmin = member({ role: "admin", openTickets: 5 });
    const admin = member({ role: "admin", openTickets: 1 });
    const decision = chooseAssignee(["Rust"], [moderator, busyAdmin, admin]);
    expect(decision).toMatchObject({ assigneeId: admin.id, rule: "admin-fallback" });
    expect(decision.reason).toContain("No available moderator covers Rust");
  });

  it("leaves the ticket unassigned when nobody can take it", () => {
    const away = member({ skills: ["Rust"], available: false });
    const fullAdmin = member({ role: "admin", capacity: 1, openTickets: 1 });
    const plainUser = member({ role: "user", skills: ["Rust"] });
    const decision = chooseAssignee(["Rust"], [away, fullAdmin, plainUser]);
    expect(decision).toMatchObject({ assigneeId: null, rule: "unassigned", runnerUp: null });
    expect(chooseAssignee(["Rust"], []).assigneeId).toBeNull();
  });

  it("keeps 10,000 tickets balanced over equally skilled moderators", () => {
    const team = Array.from({ length: 7 }, () => member({ skills: ["Linux", "Docker"], capacity: 100_000 }));
    const open: { assignee: StaffMember }[] = [];
    let clock = 0;
    // A fixed pseudo-random sequence, so the run is the same every time.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let index = 0; index < 10_000; index++) {
      const decision = chooseAssignee(["linux", "docker"], team);
      const assignee = team.find((candidate) => candidate.id === decision.assigneeId);
      if (!assignee) throw new Error("nobody assigned");
      assignee.openTickets += 1;
      assignee.lastAssignedAt = new Date(++clock);
      open.push({ assignee });
      if (random() < 0.3) {
        const [done] = open.splice(Math.floor(random() * open.length), 1);
        if (done) done.assignee.openTickets -= 1;
      }
    }
    const loads = team.map((candidate) => candidate.openTickets);
    expect(Math.max(...loads) / Math.min(...loads)).toBeLessThanOrEqual(1.2);
  });
});
