import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { addSkill, SkillsInput } from "./skills-input.tsx";

afterEach(cleanup);

function Harness({ initial = [] as string[] }) {
  const [skills, setSkills] = useState(initial);
  return (
    <>
      <SkillsInput value={skills} onChange={setSkills} suggestions={["Networking", "PostgreSQL"]} />
      <output data-testid="skills">{skills.join("|")}</output>
    </>
  );
}

describe("editing skills as tags", () => {
  it("adds a typed skill on Enter and on comma, trimmed", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Add a skill");
    fireEvent.change(input, { target: { value: "  Kubernetes " } });
    fireEvent.keyDown(input, { key: "Enter" });
    fireEvent.change(input, { target: { value: "Redis" } });
    fireEvent.keyDown(input, { key: "," });
    expect(screen.getByTestId("skills").textContent).toBe("Kubernetes|Redis");
  });

  it("keeps a skill once whatever its case, and removes one with its button or Backspace", () => {
    render(<Harness initial={["Linux", "Docker"]} />);
    const input = screen.getByLabelText("Add a skill");
    fireEvent.change(input, { target: { value: "linux" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(screen.getByTestId("skills").textContent).toBe("Linux|Docker");
    fireEvent.click(screen.getByRole("button", { name: "Remove Linux" }));
    expect(screen.getByTestId("skills").textContent).toBe("Docker");
    fireEvent.keyDown(input, { key: "Backspace" });
    expect(screen.getByTestId("skills").textContent).toBe("");
  });

  it("addSkill collapses inner spaces and ignores blanks", () => {
    expect(addSkill(["Go"], "  Google   Cloud ")).toEqual(["Go", "Google Cloud"]);
    expect(addSkill(["Go"], "   ")).toEqual(["Go"]);
  });
});
