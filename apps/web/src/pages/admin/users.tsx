import type { Role, UpdateUserRequest, User } from "@helpdesk/contracts";
import { ROLES } from "@helpdesk/contracts/constants";
import { useEffect, useId, useState } from "react";
import {
  type AccountAction,
  type UserFilter,
  useAccountAction,
  useUpdateUser,
  useUsers,
} from "../../api/admin.ts";
import { ApiError } from "../../api/client.ts";
import { useKnownSkills } from "../../api/users.ts";
import { useAddSkill } from "../../api/vocabulary.ts";
import { SkillsInput } from "../../components/skills-input.tsx";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { RelativeTime } from "../../components/time.tsx";
import { useCurrentUser } from "../../session/session.tsx";

const ROLE_LABEL: Record<Role, string> = { user: "User", moderator: "Moderator", admin: "Admin" };

/** What the form holds for one account; capacity stays text while it is being typed. */
type Draft = { role: Role; skills: string[]; available: boolean; capacity: string };

const draftOf = (user: User): Draft => ({
  role: user.role,
  skills: user.skills,
  available: user.available,
  capacity: String(user.capacity),
});

/** Only what differs from the saved account, so a save never overwrites a field nobody touched. */
export function changesBetween(user: User, draft: Draft): UpdateUserRequest | { invalid: string } | null {
  const changes: UpdateUserRequest = {};
  if (draft.role !== user.role) changes.role = draft.role;
  if (draft.skills.join("\n") !== user.skills.join("\n")) changes.skills = draft.skills;
  if (draft.available !== user.available) changes.available = draft.available;
  if (draft.capacity.trim() !== String(user.capacity)) {
    const capacity = Number(draft.capacity);
    if (draft.capacity.trim() === "" || !Number.isInteger(capacity) || capacity < 0 || capacity > 1000)
      return { invalid: "Capacity is a whole number from 0 to 1000" };
    changes.capacity = capacity;
  }
  return Object.keys(changes).length ? changes : null;
}

/** What each account action does, said before it is done and after. */
const ACTIONS: Record<AccountAction, { button: string; confirm: string; done: string }> = {
  disable: { button: "Disable", confirm: "Disable account", done: "Disabled." },
  enable: { button: "Enable", confirm: "Enable account", done: "Enabled: they can sign in again." },
  "end-sessions": { button: "End sessions", confirm: "End all sessions", done: "Every session ended." },
};

function consequenceOf(action: AccountAction, user: User, isYou: boolean): string {
  switch (action) {
    case "disable":
      return `${user.email} is signed out everywhere at once and cannot sign in until enabled again${
        user.role === "user" ? "." : "; their open tickets go back to routing and they get no new ones."
      }`;
    case "enable":
      return `${user.email} can sign in again (the sessions they had before stay ended).`;
    case "end-sessions":
      return isYou
        ? "Every device you are signed in on is signed out at once, this one too."
        : `Every device ${user.email} is signed in on is signed out at once; they can sign in again.`;
  }
}

/** Reads an API failure for a person: the message, then each distinct issue the server listed. */
function messageOf(error: Error | null): string | undefined {
  return error instanceof ApiError
    ? [error.message, ...(error.issues ?? []).map((issue) => issue.message)]
        .filter((text, index, all) => all.indexOf(text) === index)
        .join(" ")
    : error?.message;
}

function useDebounced<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

// One grid for the header and every row: columns on wide screens, a stacked card on phones.
const COLUMNS = "md:grid-cols-[minmax(11rem,1.3fr)_8.5rem_minmax(13rem,2fr)_5.5rem_5.5rem_8rem]";

function UserRow({ user, isYou, suggestions }: { user: User; isYou: boolean; suggestions: string[] }) {
  const addToCatalogue = useAddSkill();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const update = useUpdateUser();
  const account = useAccountAction();
  const [confirming, setConfirming] = useState<AccountAction | null>(null);
  const changes = changesBetween(user, draft);
  const invalid = changes && "invalid" in changes ? changes.invalid : null;
  const dirty = changes !== null;

  // A refetch after someone else's save brings new values: take them unless this row has edits.
  const saved = JSON.stringify(draftOf(user));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `saved` stands for the user's values
  useEffect(() => {
    if (!dirty) setDraft(draftOf(user));
  }, [saved]);

  function edit(patch: Partial<Draft>) {
    setDraft((current) => ({ ...current, ...patch }));
    if (!update.isPending) update.reset();
    if (!account.isPending) account.reset();
  }

  function save() {
    if (!changes || "invalid" in changes) return;
    account.reset();
    update.mutate({ id: user._id, changes }, { onSuccess: (next) => setDraft(draftOf(next)) });
  }

  function ask(action: AccountAction) {
    setConfirming(action);
    account.reset();
    if (!update.isPending) update.reset();
  }

  function act(action: AccountAction) {
    account.mutate({ id: user._id, action }, { onSuccess: () => setConfirming(null) });
  }

  const message = invalid ?? messageOf(update.error) ?? messageOf(account.error);
  const done = account.isSuccess
    ? ACTIONS[account.variables.action].done
    : update.isSuccess && !dirty && "Saved.";
  const labelClass = "text-xs font-medium text-base-content/70 md:sr-only";

  return (
    <li
      className={`grid grid-cols-2 items-start gap-x-3 gap-y-3 border-base-300 p-4 max-md:rounded-box max-md:border md:items-center md:gap-y-1 md:border-b md:px-4 md:py-3 md:last:border-b-0 ${COLUMNS} ${user.disabledAt ? "bg-base-200/60" : "max-md:bg-base-100"}`}
      aria-label={user.email}
    >
      <div className="col-span-2 min-w-0 md:col-span-1">
        <div className="flex items-center gap-2">
          <span
            className={`truncate font-medium ${user.disabledAt ? "text-base-content/60" : ""}`}
            title={user.email}
          >
            {user.email}
          </span>
          {isYou && <span className="badge badge-sm badge-ghost">you</span>}
          {user.disabledAt && <span className="badge badge-sm badge-error badge-soft">disabled</span>}
        </div>
        <div className="text-xs text-base-content/60">
          Joined <RelativeTime iso={user.createdAt} />
          {user.disabledAt && (
            <>
              {" · "}disabled <RelativeTime iso={user.disabledAt} />
            </>
          )}
        </div>
        <div className="-ms-2 mt-1 flex flex-wrap gap-1">
          <button
            type="button"
            className="btn btn-ghost btn-xs"
            aria-label={`End sessions of ${user.email}`}
            disabled={Boolean(user.disabledAt)}
            onClick={() => ask("end-sessions")}
          >
            {ACTIONS["end-sessions"].button}
          </button>
          {user.disabledAt ? (
            <button
              type="button"
              className="btn btn-ghost btn-xs"
              aria-label={`Enable ${user.email}`}
              onClick={() => ask("enable")}
            >
              {ACTIONS.enable.button}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-ghost btn-xs text-error"
              aria-label={`Disable ${user.email}`}
              onClick={() => ask("disable")}
            >
              {ACTIONS.disable.button}
            </button>
          )}
        </div>
      </div>

      <div className="flex flex-col gap-1 max-md:order-1">
        <label htmlFor={`${id}-role`} className={labelClass}>
          Role
        </label>
        <select
          id={`${id}-role`}
          aria-label={`Role of ${user.email}`}
          className="select select-sm w-full"
          value={draft.role}
          onChange={(event) => edit({ role: event.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABEL[role]}
            </option>
          ))}
        </select>
      </div>

      <div className="col-span-2 flex min-w-0 flex-col gap-1 max-md:order-4 md:col-span-1">
        <label htmlFor={`${id}-skills`} className={labelClass}>
          Skills
        </label>
        <SkillsInput
          id={`${id}-skills`}
          label={`Skills of ${user.email}: add one`}
          value={draft.skills}
          onChange={(skills) => edit({ skills })}
          suggestions={suggestions}
          onAddToCatalogue={(name) => addToCatalogue.mutateAsync({ name, aliases: [] })}
        />
      </div>

      <div className="col-span-2 flex flex-col gap-1 max-md:order-3 md:col-span-1">
        <label htmlFor={`${id}-available`} className={labelClass}>
          Available
        </label>
        <div className="flex items-center gap-2 md:h-8">
          <input
            id={`${id}-available`}
            type="checkbox"
            className="toggle toggle-sm toggle-success"
            aria-label={`${user.email} is available for new tickets`}
            checked={draft.available}
            onChange={(event) => edit({ available: event.target.checked })}
          />
          <span className="text-sm md:hidden">
            {draft.available ? "Gets new tickets" : "Away: gets no new tickets"}
          </span>
        </div>
      </div>

      <div className="flex flex-col gap-1 max-md:order-2">
        <label htmlFor={`${id}-capacity`} className={labelClass}>
          Capacity
        </label>
        <input
          id={`${id}-capacity`}
          type="number"
          inputMode="numeric"
          min={0}
          max={1000}
          step={1}
          aria-label={`Capacity of ${user.email} (open tickets at most)`}
          aria-invalid={Boolean(invalid)}
          className={`input input-sm w-full ${invalid ? "input-error" : ""}`}
          value={draft.capacity}
          onChange={(event) => edit({ capacity: event.target.value })}
        />
      </div>

      <div className="col-span-2 flex items-center gap-2 max-md:order-5 md:col-span-1 md:justify-end">
        {dirty && !update.isPending && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              setDraft(draftOf(user));
              update.reset();
            }}
          >
            Undo
          </button>
        )}
        <button
          type="button"
          className="btn btn-primary btn-sm max-md:flex-1"
          disabled={!dirty || Boolean(invalid) || update.isPending}
          onClick={save}
          aria-label={`Save ${user.email}`}
        >
          {update.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
          {update.isPending ? "Saving" : "Save"}
        </button>
      </div>

      {confirming && (
        <div
          role="alertdialog"
          aria-label={`${ACTIONS[confirming].confirm}: ${user.email}`}
          aria-describedby={`${id}-consequence`}
          className="col-span-2 flex flex-wrap items-center gap-2 rounded-box border border-base-300 bg-base-200 p-3 text-sm max-md:order-6 md:col-span-full"
        >
          <p id={`${id}-consequence`} className="min-w-0 flex-1">
            {consequenceOf(confirming, user, isYou)}
          </p>
          <div className="flex gap-2 max-sm:w-full max-sm:justify-end">
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              disabled={account.isPending}
              onClick={() => setConfirming(null)}
            >
              Cancel
            </button>
            <button
              type="button"
              className={`btn btn-sm ${confirming === "enable" ? "btn-primary" : "btn-error"}`}
              disabled={account.isPending}
              onClick={() => act(confirming)}
            >
              {account.isPending && (
                <span className="loading loading-spinner loading-xs" aria-hidden="true" />
              )}
              {ACTIONS[confirming].confirm}
            </button>
          </div>
        </div>
      )}

      {message ? (
        <p role="alert" className="col-span-2 text-sm text-error max-md:order-6 md:col-span-full">
          {message}
        </p>
      ) : (
        done && (
          <p role="status" className="col-span-2 text-sm text-success max-md:order-6 md:col-span-full">
            {done}
          </p>
        )
      )}
    </li>
  );
}

export default function UsersPage() {
  const me = useCurrentUser();
  const [search, setSearch] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const q = useDebounced(search.trim());
  const filter: UserFilter = { q: q || undefined, role: role || undefined };
  const users = useUsers(filter);
  const skills = useKnownSkills();
  const filtered = Boolean(filter.q || filter.role);

  return (
    <>
      <PageHeader title="Users">
        {users.data && (
          <span className="text-sm text-base-content/70">
            {users.data.length} {users.data.length === 1 ? "account" : "accounts"}
            {users.isFetching && !users.isPending ? " · updating…" : ""}
          </span>
        )}
      </PageHeader>

      <search className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-center" aria-label="Filter users">
        <label className="input input-sm w-full sm:w-80">
          <span className="sr-only">Search by email</span>
          <input
            type="search"
            placeholder="Search by email"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <select
          className="select select-sm w-full sm:w-44"
          aria-label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role | "")}
        >
          <option value="">Any role</option>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABEL[option]}s
            </option>
          ))}
        </select>
      </search>

      {users.isPending ? (
        <Loading what="Loading users" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title={filtered ? "No users match" : "No users yet"}>
          {filtered ? "Try another email or role." : "Accounts appear here when people sign up."}
        </EmptyState>
      ) : (
        <div className="md:rounded-box md:border md:border-base-300 md:bg-base-100">
          <div
            className={`hidden gap-x-3 border-b border-base-300 px-4 py-2 text-xs font-semibold text-base-content/70 md:grid ${COLUMNS}`}
            aria-hidden="true"
          >
            <span>Account</span>
            <span>Role</span>
            <span>Skills</span>
            <span>Available</span>
            <span>Capacity</span>
            <span />
          </div>
          <ul className="flex flex-col gap-3 md:gap-0" aria-label="Users">
            {users.data.map((user) => (
              <UserRow
                key={user._id}
                user={user}
                isYou={user._id === me._id}
                suggestions={skills.data ?? []}
              />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
