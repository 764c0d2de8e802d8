import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { type FormEvent, useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { addSkill, SkillsInput, skillChoices } from "./skills-input.tsx";

afterEach(cleanup);

const KNOWN = ["Networking", "PostgreSQL", "MySQL", "Google Cloud", "Go", "MongoDB"];

/** The input inside a form, as the ticket editor has it: `sent` is what a save would send. */
let addedToCatalogue: string[] = [];
afterEach(() => {
  addedToCatalogue = [];
});
const addToCatalogue = async (skill: string) => {
  addedToCatalogue.push(skill);
};

function Harness({ initial = [] as string[], known = KNOWN, canAdd = true }) {
  const [skills, setSkills] = useState(initial);
  const [sent, setSent] = useState<string[] | null>(null);
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        setSent(skills);
      }}
    >
      <SkillsInput
        value={skills}
        onChange={setSkills}
        suggestions={known}
        onAddToCatalogue={canAdd ? addToCatalogue : undefined}
      />
      <button type="submit">Save</button>
      <output data-testid="skills">{skills.join("|")}</output>
      <output data-testid="sent">{sent === null ? "nothing yet" : sent.join("|")}</output>
    </form>
  );
}

const box = () => screen.getByRole("combobox", { name: "Add a skill" });
const skills = () => screen.getByTestId("skills").textContent;
const type = (text: string) => fireEvent.change(box(), { target: { value: text } });
const press = (key: string) => fireEvent.keyDown(box(), { key });
const optionNames = () => screen.queryAllByRole("option").map((option) => option.textContent);

/** Leaves the box for the Save button and submits, as a click on Save does. */
function blurAndSave() {
  fireEvent.blur(box());
  fireEvent.click(screen.getByRole("button", { name: "Save" }));
}

describe("editing skills as tags", () => {
  it("adds a skill the catalogue lacks on Enter and on comma, trimmed, after adding it to the catalogue", async () => {
    render(<Harness />);
    type("  Kubernetes ");
    expect(optionNames()).toEqual(["Add “Kubernetes” to the catalogue"]);
    press("Enter");
    await waitFor(() => expect(skills()).toBe("Kubernetes"));
    type("Redis");
    press(",");
    await waitFor(() => expect(skills()).toBe("Kubernetes|Redis"));
    expect(addedToCatalogue).toEqual(["Kubernetes", "Redis"]);
  });

  it("keeps every new skill when the catalogue answers after the next one was typed", async () => {
    render(<Harness />);
    type("Kubernetes");
    press("Enter");
    type("Terraform");
    press("Enter");
    await waitFor(() => expect(skills()).toBe("Kubernetes|Terraform"));
    expect(addedToCatalogue).toEqual(["Kubernetes", "Terraform"]);
  });

  it("offers a moderator, who cannot add to the catalogue, only the close matches", () => {
    render(<Harness canAdd={false} />);
    type("postg");
    expect(optionNames()).toEqual(["PostgreSQL"]);
    type("kubernets");
    fireEvent.blur(box());
    expect(box()).toHaveProperty("value", "kubernets");
    const note = document.getElementById(box().getAttribute("aria-describedby") ?? "");
    expect(note?.textContent).toMatch(/only an admin can add a skill to the catalogue/i);
    expect(screen.queryByRole("button", { name: /to the catalogue/ })).toBeNull();
  });

  it("keeps a skill once whatever its case, and removes one with its button or Backspace", () => {
    render(<Harness initial={["Linux", "Docker"]} />);
    type("linux");
    press("Enter");
    expect(skills()).toBe("Linux|Docker");
    fireEvent.click(screen.getByRole("button", { name: "Remove Linux" }));
    expect(skills()).toBe("Docker");
    press("Backspace");
    expect(skills()).toBe("");
  });

  it("addSkill collapses inner spaces and ignores blanks", () => {
    expect(addSkill(["Go"], "  Google   Cloud ")).toEqual(["Go", "Google Cloud"]);
    expect(addSkill(["Go"], "   ")).toEqual(["Go"]);
  });
});

describe("a skill typed half-way", () => {
  it("is not saved when the box is left and the form submitted: the known skill and 'add as new' are offered", () => {
    render(<Harness initial={["Linux"]} />);
    type("postg");
    blurAndSave();

    expect(screen.getByTestId("sent").textContent).toBe("Linux");
    expect(box()).toHaveProperty("value", "postg");
    expect(box().getAttribute("aria-invalid")).toBe("true");
    const note = document.getElementById(box().getAttribute("aria-describedby") ?? "");
    expect(note?.textContent).toContain("“postg” is not saved: it is not in the skills catalogue");

    fireEvent.click(screen.getByRole("button", { name: "Use PostgreSQL" }));
    expect(skills()).toBe("Linux|PostgreSQL");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByTestId("sent").textContent).toBe("Linux|PostgreSQL");
  });

  it("is saved as typed only when someone chooses to add it to the catalogue", async () => {
    render(<Harness />);
    type("postg");
    fireEvent.blur(box());
    fireEvent.click(screen.getByRole("button", { name: "Add “postg” to the catalogue" }));
    await waitFor(() => expect(skills()).toBe("postg"));
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByTestId("sent").textContent).toBe("postg");
    expect(addedToCatalogue).toEqual(["postg"]);
  });

  it("can be discarded", () => {
    render(<Harness />);
    type("postg");
    fireEvent.blur(box());
    fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(box()).toHaveProperty("value", "");
    expect(box().hasAttribute("aria-invalid")).toBe(false);
    expect(skills()).toBe("");
  });

  it("becomes the highlighted suggestion on Enter", () => {
    render(<Harness />);
    type("postg");
    expect(optionNames()).toEqual(["PostgreSQL", "Add “postg” to the catalogue"]);
    press("Enter");
    expect(skills()).toBe("PostgreSQL");
    expect(box()).toHaveProperty("value", "");
  });

  it("a known skill typed in full is taken on leaving the box, in its known spelling", () => {
    render(<Harness />);
    type("postgresql");
    blurAndSave();
    expect(screen.getByTestId("sent").textContent).toBe("PostgreSQL");
    expect(box().hasAttribute("aria-invalid")).toBe(false);
  });
});

describe("the skills combobox, for keyboards and screen readers", () => {
  it("announces its list: expanded, the highlighted option as active descendant, selected", () => {
    render(<Harness />);
    expect(box().getAttribute("aria-expanded")).toBe("false");
    expect(box().getAttribute("aria-autocomplete")).toBe("list");
    const listbox = document.getElementById(box().getAttribute("aria-controls") ?? "");
    expect(listbox?.getAttribute("role")).toBe("listbox");
    expect(box().hasAttribute("aria-activedescendant")).toBe(false);

    type("go");
    expect(box().getAttribute("aria-expanded")).toBe("true");
    expect(optionNames()).toEqual(["Go", "Google Cloud", "MongoDB"]);
    const active = () => document.getElementById(box().getAttribute("aria-activedescendant") ?? "");
    expect(active()?.textContent).toBe("Go");
    expect(active()?.getAttribute("aria-selected")).toBe("true");

    press("ArrowDown");
    expect(active()?.textContent).toBe("Google Cloud");
    expect(screen.getByRole("option", { name: "Go" }).getAttribute("aria-selected")).toBe("false");
    press("ArrowDown");
    press("ArrowDown");
    expect(active()?.textContent).toBe("Go"); // wraps around
    press("ArrowUp");
    expect(active()?.textContent).toBe("MongoDB");
    press("Enter");
    expect(skills()).toBe("MongoDB");
    expect(box().getAttribute("aria-expanded")).toBe("false");
  });

  it("Escape closes the list, then clears the text; ArrowDown opens every known skill", () => {
    render(<Harness initial={["Go"]} />);
    type("net");
    press("Escape");
    expect(box().getAttribute("aria-expanded")).toBe("false");
    expect(box()).toHaveProperty("value", "net");
    press("Enter"); // with the list closed, Enter shows the choices rather than take one unseen
    expect(box().getAttribute("aria-expanded")).toBe("true");
    expect(skills()).toBe("Go");
    press("Escape");
    press("Escape");
    expect(box()).toHaveProperty("value", "");

    press("ArrowDown");
    expect(box().getAttribute("aria-expanded")).toBe("true");
    expect(optionNames()).toEqual(KNOWN.filter((skill) => skill !== "Go"));
    press("ArrowDown");
    press("Enter");
    expect(skills()).toBe("Go|PostgreSQL");
  });

  it("a click on an option takes it without leaving the box", () => {
    render(<Harness />);
    type("sql");
    const option = screen.getByRole("option", { name: "MySQL" });
    expect(fireEvent.mouseDown(option)).toBe(false); // the default (moving the focus) is prevented
    fireEvent.click(option);
    expect(skills()).toBe("MySQL");
  });
});

describe("skillChoices", () => {
  it("ranks the same skill, then a prefix, then a word, then anywhere; new last unless known", () => {
    expect(skillChoices("go", KNOWN, []).map((choice) => choice.skill)).toEqual([
      "Go",
      "Google Cloud",
      "MongoDB",
    ]);
    expect(skillChoices("cloud", KNOWN, [])).toEqual([
      { skill: "Google Cloud", isNew: false },
      { skill: "cloud", isNew: true },
    ]);
    expect(skillChoices("node.js", ["Node.js"], [])).toEqual([{ skill: "Node.js", isNew: false }]);
    expect(skillChoices("Kafka", KNOWN, [])).toEqual([{ skill: "Kafka", isNew: true }]);
  });

  it("offers nothing already chosen", () => {
    expect(skillChoices("go", KNOWN, ["Go"]).map((choice) => choice.skill)).toEqual([]);
    expect(skillChoices("goo", KNOWN, ["Go"]).map((choice) => choice.skill)).toEqual(["Google Cloud", "goo"]);
  });
});
