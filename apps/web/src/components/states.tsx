import type { ReactNode } from "react";
import { useDocumentTitle } from "./document-title.ts";

/** Shown while data loads: a spinner with words, so screen readers and tests know what is waiting. */
export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div className="flex items-center justify-center gap-3 py-12 text-base-content/70" role="status">
      <span className="loading loading-spinner loading-md" aria-hidden="true" />
      <span>{what}…</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div role="alert" className="alert alert-error alert-soft my-4">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-box border border-dashed border-base-300 px-6 py-12 text-center">
      <p className="font-semibold">{title}</p>
      {children && <div className="text-sm text-base-content/70">{children}</div>}
    </div>
  );
}

/** The title row of a page, with its actions on the right (below on phones). */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold">{title}</h1>
      {children && <div className="flex flex-wrap items-center gap-2">{children}</div>}
    </div>
  );
}
