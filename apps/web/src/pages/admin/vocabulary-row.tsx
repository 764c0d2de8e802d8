import { type FormEvent, type ReactNode, useId, useState } from "react";

/**
 * One entry of a vocabulary list (a category or a skill): its name, which can be renamed in place,
 * what carries it, and retire / bring back. Retired entries stay listed, greyed, with their count.
 */
export function VocabularyRow({
  name,
  kind,
  usage,
  retired,
  busy,
  error,
  onRename,
  onRetire,
  children,
}: {
  name: string;
  kind: "category" | "skill";
  usage: string;
  retired: boolean;
  busy: boolean;
  error: string | null;
  onRename(name: string): void;
  onRetire(retired: boolean): void;
  children?: ReactNode;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const editing = draft !== null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft !== null && draft.trim() !== "" && draft.trim() !== name) onRename(draft.trim());
    setDraft(null);
  }

  return (
    <li aria-label={name} className={`flex flex-col gap-2 py-3 ${retired ? "opacity-70" : ""}`}>
      <div className="flex flex-wrap items-center gap-3">
        {editing ? (
          <form onSubmit={submit} className="flex flex-wrap items-center gap-2">
            <label htmlFor={`${id}-name`} className="sr-only">
              New name for {name}
            </label>
            <input
              id={`${id}-name`}
              className="input input-sm w-56"
              value={draft}
              maxLength={kind === "category" ? 80 : 60}
              onChange={(event) => setDraft(event.target.value)}
            />
            <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
              Save name
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </form>
        ) : (
          <span className="min-w-40 font-medium">{name}</span>
        )}
        <span className="text-sm text-base-content/70">{usage}</span>
        {retired && <span className="badge badge-ghost badge-sm">Retired</span>}
        <span className="ml-auto flex gap-2">
          {!editing && (
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-label={`Rename ${name}`}
              onClick={() => setDraft(name)}
            >
              Rename
            </button>
          )}
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            aria-label={retired ? `Bring back ${name}` : `Retire ${name}`}
            disabled={busy}
            onClick={() => onRetire(!retired)}
          >
            {retired ? "Bring back" : "Retire"}
          </button>
        </span>
      </div>
      {children}
      {error && (
        <p role="alert" className="text-sm text-error">
          {error}
        </p>
      )}
    </li>
  );
}

/** A one-field form that adds an entry; the server's refusal (a 409 for a taken name) is shown under it. */
export function AddForm({
  label,
  placeholder,
  busy,
  error,
  onAdd,
  children,
}: {
  label: string;
  placeholder: string;
  busy: boolean;
  error: string | null;
  onAdd(name: string): Promise<unknown>;
  children?: ReactNode;
}) {
  const id = useId();
  const [name, setName] = useState("");
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === "") return;
    await onAdd(name.trim());
    setName("");
  }
  return (
    <form onSubmit={(event) => void submit(event).catch(() => {})} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <label htmlFor={id} className="flex flex-col gap-1 text-sm font-medium">
          {label}
          <input
            id={id}
            className="input input-sm w-64"
            placeholder={placeholder}
            value={name}
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {children}
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy || name.trim() === ""}>
          Add
        </button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-error">
          {error}
        </p>
      )}
    </form>
  );
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : null);
