import { useEffect, useRef, useState } from "react";

/**
 * Keyboard shortcuts for people who work tickets all day, as Zendesk and Gmail have them. Pages
 * mark what a shortcut acts on with `data-shortcut` (search, row, reply, internal, status), so the
 * keys work wherever those parts are drawn and do nothing where they are not.
 */
export type ShortcutAction = "next" | "previous" | "search" | "reply" | "note" | "resolve" | "help";

export const SHORTCUTS: { key: string; action: ShortcutAction; does: string }[] = [
  { key: "j", action: "next", does: "Next ticket in the list" },
  { key: "k", action: "previous", does: "Previous ticket in the list" },
  { key: "/", action: "search", does: "Search tickets" },
  { key: "r", action: "reply", does: "Reply to the requester" },
  { key: "n", action: "note", does: "Write an internal note" },
  { key: "e", action: "resolve", does: "Resolve the ticket" },
  { key: "?", action: "help", does: "Show these shortcuts" },
];

const ACTION_OF_KEY = new Map(SHORTCUTS.map((shortcut) => [shortcut.key, shortcut.action]));

type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
};

/** Whether keys typed now are text: in a field, a select or an editable region. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The action a key press asks for; none while typing or with a modifier (the browser's own keys). */
export function shortcutActionOf(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || isTyping(press.target)) return null;
  return ACTION_OF_KEY.get(press.key) ?? null;
}

const visible = (element: HTMLElement) => element.getClientRects().length > 0;

function marked<T extends HTMLElement>(name: string): T[] {
  return [...document.querySelectorAll<T>(`[data-shortcut="${name}"]`)].filter(visible);
}

/** Moves focus along the list's rows; from outside the list, j starts at the first and k at the last. */
function moveAlongRows(step: 1 | -1): boolean {
  const rows = marked("row");
  if (!rows.length) return false;
  const current = rows.indexOf(document.activeElement as HTMLElement);
  const next = current === -1 ? (step === 1 ? 0 : rows.length - 1) : current + step;
  const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
  row?.focus();
  row?.scrollIntoView({ block: "nearest" });
  return Boolean(row);
}

/** Opens the reply box as a public reply or as an internal note. */
function openReply(internal: boolean): boolean {
  const reply = marked<HTMLTextAreaElement>("reply")[0];
  if (!reply) return false;
  const toggle = marked<HTMLInputElement>("internal")[0];
  if (toggle && toggle.checked !== internal) toggle.click();
  if (!toggle && internal) return false;
  reply.focus();
  return true;
}

/** Chooses Resolved in the ticket's status (as a person would, so the form reacts) and goes to the resolution. */
function startResolving(): boolean {
  const status = marked<HTMLSelectElement>("status")[0];
  if (!status || ![...status.options].some((option) => option.value === "RESOLVED")) return false;
  const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")?.set;
  setValue?.call(status, "RESOLVED");
  status.dispatchEvent(new Event("change", { bubbles: true }));
  requestAnimationFrame(() => (marked("resolution")[0] ?? status).focus());
  return true;
}

/** Does what the action asks on the page as drawn; false when the page has nothing it acts on. */
export function performShortcut(action: Exclude<ShortcutAction, "help">): boolean {
  switch (action) {
    case "next":
      return moveAlongRows(1);
    case "previous":
      return moveAlongRows(-1);
    case "search": {
      const search = marked<HTMLInputElement>("search")[0];
      search?.focus();
      return Boolean(search);
    }
    case "reply":
      return openReply(false);
    case "note":
      return openReply(true);
    case "resolve":
      return startResolving();
  }
}

/** Listens for shortcuts on the whole page; `?` opens the list of them. */
export function KeyboardShortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const action = shortcutActionOf(event);
      if (!action) return;
      if (action === "help") {
        event.preventDefault();
        setHelpOpen(true);
      } else if (performShortcut(action)) event.preventDefault();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  return helpOpen ? <ShortcutsHelp onClose={() => setHelpOpen(false)} /> : null;
}

function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="modal modal-open"
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="modal-box max-w-sm">
        <h2 id="shortcuts-title" className="mb-3 text-lg font-bold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.key} className="contents">
              <dt>
                <kbd className="kbd kbd-sm">{shortcut.key}</kbd>
              </dt>
              <dd>{shortcut.does}</dd>
            </div>
          ))}
        </dl>
        <div className="modal-action">
          <button type="button" className="btn btn-sm" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </dialog>
  );
}
