import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";

type SkillsInputProps = {
  value: string[];
  onChange(skills: string[]): void;
  /** The catalogue's skills (GET /api/users/skills): offered while typing, and what a typed name is checked against. */
  suggestions?: string[];
  /**
   * Adds a skill the catalogue lacks (an admin's POST /api/admin/skills); the tag is added once it
   * resolves. Without it (a moderator) an unknown name can only be replaced by a close match.
   */
  onAddToCatalogue?(skill: string): Promise<unknown>;
  id?: string;
  label?: string;
};

/** Adds a skill unless the list already has it (ignoring case), as the server would keep it once. */
export function addSkill(skills: string[], raw: string): string[] {
  const skill = raw.trim().replace(/\s+/g, " ");
  if (!skill || skills.some((existing) => existing.toLowerCase() === skill.toLowerCase())) return skills;
  return [...skills, skill];
}

/** One entry of the list: a known skill, or the typed name as a new skill, chosen on purpose. */
export type SkillChoice = { skill: string; isNew: boolean };

const MAX_CHOICES = 8;

/**
 * What the list offers for a typed name: the known skills that match it (the same skill first, then
 * those starting with it, then those with a word starting with it, then any containing it), and, unless
 * the name is a known skill, adding it as a new one, last. Skills already chosen are not offered.
 */
export function skillChoices(
  draft: string,
  known: readonly string[],
  chosen: readonly string[],
): SkillChoice[] {
  const typed = draft.trim().replace(/\s+/g, " ");
  const key = normalizeSkill(typed);
  const taken = new Set(chosen.map(normalizeSkill));
  const offered = [...new Map(known.map((skill) => [normalizeSkill(skill), skill])).entries()].filter(
    ([skillId]) => skillId !== "" && !taken.has(skillId),
  );
  if (key === "") return offered.slice(0, MAX_CHOICES).map(([, skill]) => ({ skill, isNew: false }));
  if (taken.has(key)) return [];
  const words = typed.toLowerCase();
  const rank = ([skillId, skill]: [string, string]) => {
    if (skillId === key) return 0;
    if (skillId.startsWith(key)) return 1;
    if (
      skill
        .toLowerCase()
        .split(/[\s./-]+/)
        .some((word) => word.startsWith(words))
    )
      return 2;
    return skillId.includes(key) ? 3 : undefined;
  };
  const matches = offered
    .map((entry, order) => ({ skill: entry[1], rank: rank(entry), order }))
    .filter((entry): entry is { skill: string; rank: number; order: number } => entry.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, MAX_CHOICES)
    .map(({ skill }) => ({ skill, isNew: false }));
  const isKnown = matches[0] !== undefined && normalizeSkill(matches[0].skill) === key;
  return isKnown ? matches : [...matches, { skill: typed, isNew: true }];
}

/**
 * Skills as removable tags, with a combobox to add one. Typing lists the catalogue skills that match;
 * Enter (or a comma) takes the highlighted entry, which is the best match, so "postg" becomes
 * "PostgreSQL"; a name the catalogue lacks is added only through its own entry, "Add “…” to the
 * catalogue" (admins: it is added to the catalogue first, since the server refuses unknown skills).
 * Leaving the box never saves a name silently: a known one is taken in its known spelling, any other
 * stays typed, marked as not saved, beside the same two choices. Backspace on empty removes the last tag.
 */
export function SkillsInput({
  value,
  onChange,
  suggestions = [],
  onAddToCatalogue,
  id,
  label = "Add a skill",
}: SkillsInputProps) {
  const baseId = useId();
  const listId = `${baseId}-list`;
  const pendingId = `${baseId}-pending`;
  const optionId = (index: number) => `${baseId}-option-${index}`;
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  // The tags as they are now, also when a catalogue add answers after more tags were taken: a tag
  // taken on that answer must not undo the ones taken meanwhile.
  const current = useRef(value);
  current.current = value;

  const allChoices = skillChoices(draft, suggestions, value);
  // A moderator cannot add to the catalogue: for them an unknown name has only its close matches.
  const choices = allChoices.filter((choice) => !choice.isNew || onAddToCatalogue);
  const isTagAlready = draft.trim() !== "" && allChoices.length === 0;
  const expanded = open && choices.length > 0;
  const highlighted = expanded ? Math.min(active, choices.length - 1) : -1;
  const pending = !focused && draft.trim() !== "";
  const known = choices.filter((choice) => !choice.isNew);
  const asNew = choices.find((choice) => choice.isNew);

  useEffect(() => {
    if (highlighted >= 0)
      document.getElementById(optionId(highlighted))?.scrollIntoView?.({ block: "nearest" });
  });

  function take(choice: SkillChoice) {
    if (choice.isNew && onAddToCatalogue) {
      setAddError(null);
      onAddToCatalogue(choice.skill).then(
        () => takeTag(choice.skill),
        (error: unknown) => setAddError(error instanceof Error ? error.message : "Not added"),
      );
      return;
    }
    takeTag(choice.skill);
  }

  function takeTag(skill: string) {
    current.current = addSkill(current.current, skill);
    onChange(current.current);
    setDraft("");
    setOpen(false);
    setActive(0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(event.key === "ArrowDown" ? 0 : Math.max(choices.length - 1, 0));
      } else {
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((highlighted + step + choices.length) % choices.length);
      }
    } else if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      // Only an entry the person can see is taken: with the list closed, the key shows it first.
      const choice = choices[highlighted];
      if (choice) take(choice);
      else if (isTagAlready) setDraft("");
      else if (draft.trim() !== "") setOpen(true);
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
      } else if (draft !== "") {
        event.preventDefault();
        setDraft("");
      }
    } else if (event.key === "Backspace" && draft === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  function onBlur() {
    setFocused(false);
    setOpen(false);
    // A known name typed in full is what the person meant; anything else waits for their choice.
    const [first] = choices;
    if (draft.trim() === "" || isTagAlready) setDraft("");
    else if (first && !first.isNew && normalizeSkill(first.skill) === normalizeSkill(draft)) take(first);
  }

  function choose(choice: SkillChoice) {
    take(choice);
    input.current?.focus();
  }

  return (
    <div className="relative w-full">
      <div
        className={`input h-auto min-h-10 w-full flex-wrap gap-1.5 py-1.5 ${pending ? "input-warning" : ""}`}
      >
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
          ref={input}
          id={id}
          role="combobox"
          aria-label={label}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={highlighted >= 0 ? optionId(highlighted) : undefined}
          aria-invalid={pending || undefined}
          aria-describedby={pending ? pendingId : undefined}
          autoComplete="off"
          maxLength={60}
          className="min-w-28 flex-1"
          placeholder={value.length ? "" : "Type a skill, press Enter"}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            setOpen(event.target.value.trim() !== "");
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => {
            setFocused(true);
            if (draft.trim() !== "") setOpen(true);
          }}
          onBlur={onBlur}
        />
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label="Known skills"
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-20 mt-1 max-h-64 overflow-y-auto rounded-box border border-base-300 bg-base-100 p-1 text-sm shadow-lg"
      >
        {choices.map((choice, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (aria-activedescendant): options never take the focus
          <div
            key={`${choice.isNew}-${choice.skill}`}
            id={optionId(index)}
            role="option"
            tabIndex={-1}
            aria-selected={index === highlighted}
            className={`cursor-pointer rounded-field px-3 py-1.5 ${
              index === highlighted ? "bg-primary text-primary-content" : "hover:bg-base-200"
            } ${choice.isNew ? "border-t border-base-300" : ""}`}
            // Keeps the focus in the box, so choosing with the mouse is not also leaving it.
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setActive(index)}
            onClick={() => take(choice)}
          >
            {choice.isNew ? `Add “${choice.skill}” to the catalogue` : choice.skill}
          </div>
        ))}
      </div>
      {pending && (
        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
          <span className="badge badge-warning badge-xs" aria-hidden="true">
            Not saved
          </span>
          <span id={pendingId}>
            “{draft.trim()}” is not saved: it is not in the skills catalogue.{" "}
            {onAddToCatalogue
              ? known.length
                ? "Use a close match, or add it to the catalogue."
                : "Add it to the catalogue?"
              : known.length
                ? "Use a close match; only an admin can add a skill to the catalogue."
                : "Only an admin can add a skill to the catalogue."}
          </span>
          {known.slice(0, 3).map((choice) => (
            <button
              key={choice.skill}
              type="button"
              className="btn btn-xs btn-primary btn-soft"
              onClick={() => choose(choice)}
            >
              Use {choice.skill}
            </button>
          ))}
          {asNew && (
            <button type="button" className="btn btn-xs btn-ghost" onClick={() => choose(asNew)}>
              Add “{asNew.skill}” to the catalogue
            </button>
          )}
          <button
            type="button"
            className="btn btn-xs btn-ghost"
            onClick={() => {
              setDraft("");
              input.current?.focus();
            }}
          >
            Discard
          </button>
        </div>
      )}
      {addError && (
        <p role="alert" className="mt-1 text-xs text-error">
          {addError}
        </p>
      )}
    </div>
  );
}
