import type { AttachmentLimits } from "@helpdesk/contracts";
import { formatFileSize } from "@helpdesk/contracts/constants";
import { type ClipboardEvent, type DragEvent, useId, useRef, useState } from "react";
import { problemsWithFiles } from "./attachment-limits.ts";

export function PaperclipIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      aria-hidden="true"
      className={className}
    >
      <path d="m15.5 9.5-5.8 5.8a3.5 3.5 0 0 1-5-5l6.4-6.4a2.3 2.3 0 0 1 3.3 3.3l-6.2 6.2a1.2 1.2 0 0 1-1.7-1.7l5.6-5.6" />
    </svg>
  );
}

/**
 * Pasting a screenshot (or any copied file) into a text box attaches it; pasted text stays text.
 * Give the returned handler to the box's onPaste.
 */
export function pasteFilesInto(add: (files: File[]) => void) {
  return (event: ClipboardEvent<HTMLElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0) return;
    event.preventDefault();
    add(files);
  };
}

/** Two chosen files may share a name and size; each File object gets a key of its own. */
const keys = new WeakMap<File, string>();
let nextKey = 0;
function keyOf(file: File): string {
  let key = keys.get(file);
  if (!key) {
    nextKey += 1;
    key = `file-${nextKey}`;
    keys.set(file, key);
  }
  return key;
}

type PickerProps = {
  files: File[];
  onChange(files: File[]): void;
  limits?: AttachmentLimits;
  /** What the server said about the files, when it refused them. */
  serverError?: string;
  disabled?: boolean;
};

/**
 * Files for a new ticket or a reply: a button that opens the file picker, a drop zone around it,
 * the chosen files each with a remove button, and what breaks a limit said at once.
 */
export function AttachmentPicker({ files, onChange, limits, serverError, disabled }: PickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const listId = useId();
  const problemsId = useId();
  const problems = [...problemsWithFiles(files, limits), ...(serverError ? [serverError] : [])];
  const add = (more: File[]) => onChange([...files, ...more]);

  function drop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    if (!disabled) add([...event.dataTransfer.files]);
  }

  return (
    <fieldset
      className={`rounded-box border border-dashed p-2 ${dragging ? "border-primary bg-primary/5" : "border-base-300"}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <legend className="sr-only">Attachments</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          className="btn btn-ghost btn-sm gap-1"
          onClick={() => input.current?.click()}
          disabled={disabled}
          aria-describedby={problems.length > 0 ? problemsId : undefined}
        >
          <PaperclipIcon />
          Attach files
        </button>
        <span className="text-xs text-base-content/70">
          or drop them here, or paste a screenshot
          {limits && ` · up to ${formatFileSize(limits.maxFileBytes)} each`}
        </span>
        <input
          ref={input}
          type="file"
          multiple
          className="hidden"
          aria-label="Attach files"
          tabIndex={-1}
          onChange={(event) => {
            add([...(event.target.files ?? [])]);
            event.target.value = "";
          }}
        />
      </div>
      {files.length > 0 && (
        <ul id={listId} aria-label="Files to attach" className="mt-2 flex flex-col gap-1">
          {files.map((file, index) => (
            <li key={keyOf(file)} className="flex items-center gap-2 rounded bg-base-200 px-2 py-1 text-sm">
              <PaperclipIcon className="size-3.5 shrink-0" />
              <span className="min-w-0 flex-1 truncate">{file.name}</span>
              <span className="text-xs text-base-content/70">{formatFileSize(file.size)}</span>
              <button
                type="button"
                className="btn btn-ghost btn-xs"
                aria-label={`Remove ${file.name}`}
                disabled={disabled}
                onClick={() => onChange(files.filter((_, other) => other !== index))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <ul id={problemsId} role="alert" className="mt-2 text-sm text-error">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Whether the chosen files may be sent: false while any breaks a limit. */
export function canSendFiles(files: File[], limits?: AttachmentLimits): boolean {
  return problemsWithFiles(files, limits).length === 0;
}
