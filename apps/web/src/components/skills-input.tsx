import { type KeyboardEvent, useId, useState } from "react";

type SkillsInputProps = {
  value: string[];
  onChange(skills: string[]): void;
  /** Names offered while typing (GET /api/users/skills). */
  suggestions?: string[];
  id?: string;
  label?: string;
};

/** Adds a skill unless the list already has it (ignoring case), as the server would keep it once. */
export function addSkill(skills: string[], raw: string): string[] {
  const skill = raw.trim().replace(/\s+/g, " ");
  if (!skill || skills.some((existing) => existing.toLowerCase() === skill.toLowerCase())) return skills;
  return [...skills, skill];
}

/** Skills as removable tags; type and press Enter or comma to add one, Backspace on empty removes the last. */
export function SkillsInput({
  value,
  onChange,
  suggestions = [],
  id,
  label = "Add a skill",
}: SkillsInputProps) {
  const listId = useId();
  const [draft, setDraft] = useState("");
  const offered = suggestions.filter(
    (name) => !value.some((skill) => skill.toLowerCase() === name.toLowerCase()),
  );

  function commit() {
    onChange(addSkill(value, draft));
    setDraft("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      commit();
    } else if (event.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  return (
    <div className="input h-auto min-h-10 w-full flex-wrap gap-1.5 py-1.5">
      {value.map((skill) => (
        <span key={skill} className="badge badge-primary badge-soft gap-1">
          {skill}
          <button
            type="button"
            className="cursor-pointer opacity-70 hover:opacity-100"
            aria-label={`Remove ${skill}`}
            onClick={() => onChange(value.filter((other) => other !== skill))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        aria-label={label}
        list={listId}
        className="min-w-28 flex-1"
        placeholder={value.length ? "" : "Type a skill, press Enter"}
        value={draft}
        onChange={(event) => {
          const text = event.target.value;
          // Picking a suggestion replaces the text in one go (typing "Go" on the way to "Google Cloud"
          // does not): add a picked suggestion straight away.
          const picked =
            !(event.nativeEvent instanceof InputEvent) ||
            event.nativeEvent.inputType === "insertReplacementText";
          if (picked && offered.includes(text)) {
            onChange(addSkill(value, text));
            setDraft("");
          } else setDraft(text);
        }}
        onKeyDown={onKeyDown}
        onBlur={commit}
      />
      <datalist id={listId}>
        {offered.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
