import type { CatalogueSkill } from "@helpdesk/contracts";
import { type FormEvent, useId, useState } from "react";
import { useAddSkill, useAdminSkills, useUpdateSkill } from "../../api/vocabulary.ts";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { AddForm, errorText, VocabularyRow } from "./vocabulary-row.tsx";

/** "k8s, kube" → ["k8s", "kube"]: aliases are typed as a comma-separated list. */
export const parseAliases = (text: string) =>
  text
    .split(",")
    .map((alias) => alias.trim())
    .filter(Boolean);

function AliasesEditor({
  skill,
  busy,
  onSave,
}: {
  skill: CatalogueSkill;
  busy: boolean;
  onSave(aliases: string[]): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(skill.aliases.join(", "));
  const changed = draft !== skill.aliases.join(", ");
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(parseAliases(draft));
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="text-base-content/70">
        Also written as
      </label>
      <input
        id={id}
        className="input input-sm w-72"
        placeholder="other spellings, separated by commas"
        aria-label={`Aliases of ${skill.name}`}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      {changed && (
        <button type="submit" className="btn btn-sm btn-primary btn-soft" disabled={busy}>
          Save aliases
        </button>
      )}
    </form>
  );
}

/**
 * The skills catalogue: the skill names staff carry and tickets need, with other spellings of each
 * (aliases), which triage and the skills boxes map onto the name. Rename (staff and tickets follow),
 * retire (kept where it is, no longer offered), add.
 */
export default function SkillsPage() {
  const skills = useAdminSkills();
  const add = useAddSkill();
  const update = useUpdateSkill();
  const [aliases, setAliases] = useState("");
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);

  function change(id: string, changes: { name?: string; aliases?: string[]; retired?: boolean }) {
    setFailed(null);
    update.mutate(
      { id, changes },
      { onError: (error) => setFailed({ id, message: errorText(error) ?? "Not saved" }) },
    );
  }

  return (
    <>
      <PageHeader title="Skills">
        {skills.data && (
          <span className="text-sm text-base-content/70">
            {skills.data.filter((skill) => !skill.retiredAt).length} in the catalogue
          </span>
        )}
      </PageHeader>
      <div className="mb-4">
        <AddForm
          label="New skill"
          placeholder="e.g. Kubernetes"
          busy={add.isPending}
          error={errorText(add.error)}
          onAdd={async (name) => {
            await add.mutateAsync({ name, aliases: parseAliases(aliases) });
            setAliases("");
          }}
        >
          <label className="flex flex-col gap-1 text-sm font-medium">
            Also written as
            <input
              className="input input-sm w-64"
              placeholder="k8s, kube"
              value={aliases}
              onChange={(event) => setAliases(event.target.value)}
            />
          </label>
        </AddForm>
      </div>
      {skills.isPending ? (
        <Loading what="Loading the skills catalogue" />
      ) : skills.error ? (
        <ErrorState error={skills.error} onRetry={() => skills.refetch()} />
      ) : skills.data.length === 0 ? (
        <EmptyState title="The catalogue is empty">
          Add the skills your team has: routing matches tickets to people by these names.
        </EmptyState>
      ) : (
        <ul aria-label="Skills" className="flex flex-col divide-y divide-base-300">
          {skills.data.map((skill) => (
            <VocabularyRow
              key={`${skill._id}-${skill.name}`}
              kind="skill"
              name={skill.name}
              usage={`${skill.staff} ${skill.staff === 1 ? "person" : "people"}`}
              retired={skill.retiredAt !== null}
              busy={update.isPending}
              error={failed?.id === skill._id ? failed.message : null}
              onRename={(name) => change(skill._id, { name })}
              onRetire={(retired) => change(skill._id, { retired })}
            >
              <AliasesEditor
                key={skill.aliases.join(",")}
                skill={skill}
                busy={update.isPending}
                onSave={(next) => change(skill._id, { aliases: next })}
              />
            </VocabularyRow>
          ))}
        </ul>
      )}
    </>
  );
}
