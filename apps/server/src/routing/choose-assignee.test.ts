import { describe, expect, it } from "vitest";
import { chooseAssignee, type Precedent, type StaffMember } from "./choose-assignee.ts";
import { aliasesOf, readSkillNeeds } from "./skill-needs.ts";

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

/** What routing reads of a ticket's words, for a team with these skills. */
const needsOf = (title: string, description: string, team: StaffMember[]) =>
  readSkillNeeds(
    { title, description, relatedSkills: [] },
    team.flatMap((person) => person.skills),
  );

describe("chooseAssignee over the ontology", () => {
  it("a ticket that never names a skill reaches its language's moderator, and the reason says why", () => {
    const python = member({ skills: ["Python"], openTickets: 4 });
    const java = member({ skills: ["Java"] });
    const team = [java, python];
    const decision = chooseAssignee(
      needsOf("Django migration fails on deploy", "manage.py migrate raises a traceback", team),
      team,
    );
    expect(decision).toMatchObject({ assigneeId: python.id, rule: "skills", matchedSkills: ["Python"] });
    expect(decision.reason).toContain("django → Python");
  });

  it("a Database ticket reaches the PostgreSQL moderator before an admin", () => {
    const postgres = member({ skills: ["PostgreSQL"] });
    const admin = member({ role: "admin" });
    const team = [admin, postgres];
    const decision = chooseAssignee(
      needsOf("Database very slow", "Every query on the DB times out", team),
      team,
    );
    expect(decision).toMatchObject({ assigneeId: postgres.id, rule: "skills" });
    expect(decision.reason).toMatch(/Database, which PostgreSQL is part of/);
  });

  it("the specialist wins over the holder of the broader skill", () => {
    const printers = member({ skills: ["Printers"], openTickets: 6 });
    const hardware = member({ skills: ["Hardware"] });
    const team = [hardware, printers];
    expect(chooseAssignee(needsOf("Paper jam", "The printer jams in tray 2", team), team).assigneeId).toBe(
      printers.id,
    );
    expect(chooseAssignee(needsOf("Laptop will not turn on", "", team), team).assigneeId).toBe(hardware.id);
  });

  it("the broader skill covers when no specialist is free", () => {
    const printers = member({ skills: ["Printers"], available: false });
    const hardware = member({ skills: ["Hardware"] });
    const admin = member({ role: "admin" });
    const team = [admin, hardware, printers];
    expect(chooseAssignee(needsOf("Paper jam", "The printer jams", team), team).assigneeId).toBe(hardware.id);
  });

  it("a skill the catalogue gives an alias the ontology knows stands for that concept", () => {
    const search = member({ skills: ["Search team"] });
    const other = member({ skills: ["Linux"] });
    const team = [other, search];
    const aliases = aliasesOf([{ name: "Search team", aliases: ["Elasticsearch"] }]);
    const needs = readSkillNeeds(
      { title: "Kibana shows no data", description: "", relatedSkills: [] },
      ["Search team", "Linux"],
      aliases,
    );
    expect(chooseAssignee(needs, team, [], aliases).assigneeId).toBe(search.id);
    expect(chooseAssignee(needs, team).rule).not.toBe("skills");
  });

  it("the ticket's strongest need decides, not the number of needs", () => {
    const linux = member({ skills: ["Linux"] });
    const postgres = member({ skills: ["PostgreSQL"] });
    const team = [linux, postgres];
    const decision = chooseAssignee(
      needsOf("pg_dump takes hours", "The nightly pg_dump on our Ubuntu box runs past 3 hours", team),
      team,
    );
    expect(decision.assigneeId).toBe(postgres.id);
  });
});

describe("chooseAssignee with precedents", () => {
  const precedent = (assigneeId: string, overrides: Partial<Precedent> = {}): Precedent => ({
    number: 12,
    assigneeId,
    how: "resolved",
    similarity: 0.6,
    ...overrides,
  });

  it("a ticket no skill decides goes to who handled the most similar tickets, and the reason names them", () => {
    const idle = member();
    const solver = member({ openTickets: 3 });
    const decision = chooseAssignee([], [idle, solver], [precedent(solver.id, { number: 7 })]);
    expect(decision).toMatchObject({ assigneeId: solver.id, rule: "similar-tickets" });
    expect(decision.reason).toContain(`#7, which ${solver.email} resolved`);
  });

  it("a person's reassignment weighs more than a resolution", () => {
    const solver = member();
    const chosen = member();
    const decision = chooseAssignee(
      [],
      [solver, chosen],
      [
        precedent(solver.id, { similarity: 0.6 }),
        precedent(chosen.id, { number: 9, how: "reassigned", similarity: 0.5 }),
      ],
    );
    expect(decision.assigneeId).toBe(chosen.id);
    expect(decision.reason).toContain(`#9, which a person reassigned to ${chosen.email}`);
  });

  it("precedents of someone without room or away are passed over; skills still come first", () => {
    const full = member({ capacity: 1, openTickets: 1 });
    const idle = member();
    expect(chooseAssignee([], [full, idle], [precedent(full.id)])).toMatchObject({
      assigneeId: idle.id,
      rule: "least-loaded",
    });
    const docker = member({ skills: ["Docker"] });
    expect(chooseAssignee(["Docker"], [idle, docker], [precedent(idle.id)]).assigneeId).toBe(docker.id);
  });
});
