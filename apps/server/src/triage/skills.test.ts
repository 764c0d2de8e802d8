import { describe, expect, it } from "vitest";
import { canonicalSkill, findSkillMentions, isSameSkill } from "./skills.ts";

describe("skill names", () => {
  it("synonyms share one canonical skill", () => {
    for (const [a, b] of [
      ["postgres", "PostgreSQL"],
      ["psql", "postgresql"],
      ["k8s", "Kubernetes"],
      ["js", "JavaScript"],
      ["react", "React.js"],
      ["db", "Database"],
      ["Node.js", "nodejs"],
      ["golang", "Go"],
    ] as const) {
      expect(isSameSkill(a, b), `${a} = ${b}`).toBe(true);
    }
    expect(canonicalSkill("Postgres")).toBe("postgresql");
  });

  it("skills match as whole skills, never as substrings", () => {
    expect(isSameSkill("Go", "MongoDB")).toBe(false);
    expect(isSameSkill("Java", "JavaScript")).toBe(false);
    expect(isSameSkill("Node.js", "NodeXjs")).toBe(false);
    expect(isSameSkill("C", "C++")).toBe(false);
    expect(isSameSkill("C#", "C")).toBe(false);
    expect(isSameSkill("SQL", "MySQL")).toBe(false);
    expect(isSameSkill("", "")).toBe(false);
  });

  it("unknown skills still compare by their normalised name", () => {
    expect(isSameSkill("Payroll Systems", "payroll-systems")).toBe(true);
    expect(isSameSkill("Payroll", "Payroll Systems")).toBe(false);
  });
});

describe("skill mentions in ticket text", () => {
  it("answers in the installation's own spelling of a skill", () => {
    const mentions = findSkillMentions("Our psql replica lags and k8s pods restart", ["Postgres", "K8S"]);
    expect(mentions.map((mention) => mention.skill)).toEqual(["K8S", "Postgres"]);
  });

  it("uses the lexicon's name when the installation has no such skill", () => {
    const skills = findSkillMentions("The React.js page calls a Node.js service", []).map((m) => m.skill);
    expect(skills).toEqual(["Node.js", "React"]);
  });

  it("does not read common words as skills", () => {
    const skills = findSkillMentions("Please go ahead, the rest of the node works", ["Go", "Rust"]);
    expect(skills).toEqual([]);
  });

  it("does not find Java in JavaScript or Go in MongoDB", () => {
    const skills = findSkillMentions("javascript errors when mongodb is slow", ["Java", "Go"]).map(
      (m) => m.skill,
    );
    expect(skills).not.toContain("Java");
    expect(skills).not.toContain("Go");
    expect(skills).toContain("JavaScript");
    expect(skills).toContain("MongoDB");
  });

  it("finds the installation's own multi-word skills as whole phrases", () => {
    const skills = findSkillMentions("A question about payroll systems access", ["Payroll Systems"]);
    expect(skills).toEqual([{ skill: "Payroll Systems", strength: 1 }]);
  });

  it("reads cue words as weaker hints", () => {
    const [mention] = findSkillMentions("The VPN drops every hour", ["Networking"]);
    expect(mention).toEqual({ skill: "Networking", strength: 0.6 });
  });

  it("takes no skill from how the requester wants to be answered", () => {
    const known = ["Email", "Mobile", "Phone", "Slack"];
    for (const text of [
      "The printer jams. Please confirm by email once it is fixed.",
      "Reply by e-mail, or call me on my phone at 555 0100.",
      "You can reach me on my mobile all day, or ping me on Slack.",
      "Let me know via email. My email address is ann@example.com.",
      "Printer jams.\nSent from my iPhone",
      "Printer jams. Email: ann@example.com Phone: +49 30 1234567",
      "I hope this email finds you well. Please reply to this email when done.",
    ]) {
      const skills = findSkillMentions(text, known).map((mention) => mention.skill);
      expect(
        skills.filter((skill) => known.includes(skill)),
        text,
      ).toEqual([]);
    }
  });

  it("still takes the skill when the mail or the phone is the problem", () => {
    const skillsOf = (text: string) =>
      findSkillMentions(text, ["Email", "Mobile", "Phone"]).map((mention) => mention.skill);
    expect(skillsOf("Our email server rejects mail from customers")).toEqual(["Email"]);
    expect(skillsOf("Outlook cannot send email since the update")).toEqual(["Email"]);
    expect(skillsOf("I cannot reply to emails since Monday")).toEqual(["Email"]);
    expect(skillsOf("My email is not syncing")).toEqual(["Email"]);
    expect(skillsOf("I log in via the mobile app and it crashes")).toContain("Mobile");
    expect(skillsOf("The app crashes on my iPhone; please confirm by email")).toEqual(["Mobile"]);
    expect(skillsOf("Call me on my phone: the Outlook app on my Android phone stopped syncing")).toEqual([
      "Phone",
      "Email",
      "Mobile",
    ]);
    expect(skillsOf("Our desk phone has no dial tone")).toEqual(["Phone"]);
  });
});
