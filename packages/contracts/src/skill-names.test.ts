import { describe, expect, it } from "vitest";
import { normalizeSkill } from "./skill-names.ts";

describe("skill names", () => {
  it("normalisation ignores case, spacing and punctuation but keeps C#, C++ and .NET apart", () => {
    expect(normalizeSkill("  Node.JS ")).toBe("nodejs");
    expect(normalizeSkill("Machine-Learning")).toBe("machinelearning");
    expect(normalizeSkill("C#")).toBe("c#");
    expect(normalizeSkill("C++")).toBe("c++");
    expect(normalizeSkill(".NET")).toBe("dotnet");
    expect(normalizeSkill("Café")).toBe("cafe");
  });
});
