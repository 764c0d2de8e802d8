import { describe, expect, it } from "vitest";
import { formatReport, isRightSkill, moderatorSkills, type Outcome, summarise } from "./eval-command.ts";

const ticket = (skill: string, family = "symptom") => ({
  title: `About ${skill}`,
  description: "",
  skill,
  family,
});
const outcome = (skill: string, family: string, held: string | undefined, right: boolean): Outcome => ({
  ticket: ticket(skill, family),
  number: 1,
  assigneeSkills: held ? [held] : [],
  rule: "skills",
  reason: "",
  right,
});

describe("routing eval scoring", () => {
  it("one moderator per expected skill, none for a parent skill's tickets", () => {
    expect(
      moderatorSkills([ticket("PostgreSQL"), ticket("Database", "parent"), ticket("PostgreSQL")]),
    ).toEqual(["PostgreSQL"]);
  });

  it("the expected skill is right; a kind of it only for a parent skill's ticket", () => {
    expect(isRightSkill(ticket("PostgreSQL"), "Postgres")).toBe(true);
    expect(isRightSkill(ticket("Database", "parent"), "MySQL")).toBe(true);
    expect(isRightSkill(ticket("Hardware"), "Printers")).toBe(false);
    expect(isRightSkill(ticket("Python"), "Java")).toBe(false);
  });

  it("reports the share per family and lists each miss with what it got", () => {
    const report = summarise(
      [outcome("Python", "library", "Python", true), outcome("Java", "error", undefined, false)],
      2,
    );
    expect(report).toMatchObject({ tickets: 2, right: 1, share: 0.5 });
    expect(report.families).toEqual({
      library: { tickets: 1, right: 1, share: 1 },
      error: { tickets: 1, right: 0, share: 0 },
    });
    const text = formatReport(report, "tickets");
    expect(text).toContain("1/2 = 50.0 %");
    expect(text).toContain('"About Java": expected Java, got (admin or nobody)');
  });
});
