import type { ReviewableField, TriageSettings } from "@helpdesk/contracts";
import { type FormEvent, useEffect, useId, useState } from "react";
import {
  useAddCategory,
  useAdminCategories,
  useSaveTriageSettings,
  useTriageSettings,
  useUpdateCategory,
} from "../../api/vocabulary.ts";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { AddForm, errorText, VocabularyRow } from "./vocabulary-row.tsx";

/** The reviewable fields in the order forms list them (as the contracts' REVIEWABLE_FIELDS). */
export const FIELD_LABEL: Record<ReviewableField, string> = {
  priority: "Priority",
  category: "Category",
  type: "Type",
  relatedSkills: "Skills",
};

/**
 * Per field, the confidence (as a percentage) below which triage leaves it for a person: unset on
 * the ticket and marked "needs review" in the queue. 0 % applies every answer.
 */
export function ReviewThresholds() {
  const settings = useTriageSettings();
  const save = useSaveTriageSettings();
  const id = useId();
  const [draft, setDraft] = useState<TriageSettings["reviewThresholds"] | null>(null);
  useEffect(() => {
    if (settings.data && draft === null) setDraft(settings.data.reviewThresholds);
  }, [settings.data, draft]);

  if (settings.isPending) return <Loading what="Loading the review settings" />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  if (!draft) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft) save.mutate({ reviewThresholds: draft });
  }

  return (
    <section aria-labelledby={`${id}-title`} className="mb-8 rounded-box border border-base-300 p-4">
      <h2 id={`${id}-title`} className="mb-1 text-lg font-semibold">
        Leave a field for a person
      </h2>
      <p className="mb-3 text-sm text-base-content/70">
        When triage is less sure than this, the field stays empty and the ticket shows “needs review” in the
        queue until someone sets it. 0 % always applies the answer.
      </p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-4">
        {(Object.keys(FIELD_LABEL) as ReviewableField[]).map((field) => (
          <label key={field} htmlFor={`${id}-${field}`} className="flex flex-col gap-1 text-sm font-medium">
            {FIELD_LABEL[field]} below
            <span className="flex items-center gap-1">
              <input
                id={`${id}-${field}`}
                type="number"
                min={0}
                max={100}
                step={5}
                className="input input-sm w-24"
                value={Math.round(draft[field] * 100)}
                onChange={(event) =>
                  setDraft({
                    ...draft,
                    [field]: Math.min(100, Math.max(0, Number(event.target.value))) / 100,
                  })
                }
              />
              %
            </span>
          </label>
        ))}
        <button type="submit" className="btn btn-sm btn-primary" disabled={save.isPending}>
          Save thresholds
        </button>
        {save.isSuccess && !save.isPending && <span className="text-sm text-success">Saved.</span>}
      </form>
      {save.error && (
        <p role="alert" className="mt-2 text-sm text-error">
          {errorText(save.error)}
        </p>
      )}
    </section>
  );
}

/** The categories triage chooses among: add, rename (tickets move with it), retire; and the review thresholds. */
export default function CategoriesPage() {
  const categories = useAdminCategories();
  const add = useAddCategory();
  const update = useUpdateCategory();
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);

  function change(id: string, changes: { name?: string; retired?: boolean }) {
    setFailed(null);
    update.mutate(
      { id, changes },
      { onError: (error) => setFailed({ id, message: errorText(error) ?? "Not saved" }) },
    );
  }

  return (
    <>
      <PageHeader title="Categories">
        {categories.data && (
          <span className="text-sm text-base-content/70">
            {categories.data.filter((category) => !category.retiredAt).length} offered
          </span>
        )}
      </PageHeader>
      <ReviewThresholds />
      <div className="mb-4">
        <AddForm
          label="New category"
          placeholder="e.g. Shipping"
          busy={add.isPending}
          error={errorText(add.error)}
          onAdd={(name) => add.mutateAsync(name)}
        />
      </div>
      {categories.isPending ? (
        <Loading what="Loading categories" />
      ) : categories.error ? (
        <ErrorState error={categories.error} onRetry={() => categories.refetch()} />
      ) : categories.data.length === 0 ? (
        <EmptyState title="No categories yet">Add one above: triage chooses among these.</EmptyState>
      ) : (
        <ul aria-label="Categories" className="flex flex-col divide-y divide-base-300">
          {categories.data.map((category) => (
            <VocabularyRow
              key={category._id}
              kind="category"
              name={category.name}
              usage={`${category.tickets} ${category.tickets === 1 ? "ticket" : "tickets"}`}
              retired={category.retiredAt !== null}
              busy={update.isPending}
              error={failed?.id === category._id ? failed.message : null}
              onRename={(name) => change(category._id, { name })}
              onRetire={(retired) => change(category._id, { retired })}
            />
          ))}
        </ul>
      )}
    </>
  );
}
