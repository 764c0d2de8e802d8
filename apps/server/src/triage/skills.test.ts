import { describe, expect, it } from "vitest";
import { canonicalSkill, findSkillMentions, isSameSkill, normalizeSkill } from "./skills.ts";

describe("skill names", () => {
  it("normalisation ignores case, spacing and punctuation but keeps C#, C++ and .NET apart", () => {
    expect(normalizeSkill("  Node.JS ")).toBe("nodejs");
    expect(normalizeSkill("Machine-Learning")).toBe("machinelearning");
    expect(normalizeSkill("C#")).toBe("c#");
    expect(normalizeSkill("C++")).toBe("c++");
    expect(normalizeSkill(".NET")).toBe("dotnet");
    expect(normalizeSkill("Café")).toBe("cafe");
  });

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
});
