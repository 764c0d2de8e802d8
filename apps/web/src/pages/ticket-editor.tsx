import type { StaffMember, Ticket, UpdateTicketRequest } from "@helpdesk/contracts";
import { NEXT_STATUSES, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from "@helpdesk/contracts/constants";
import { type FormEvent, useId, useState } from "react";
import { ApiError } from "../api/client.ts";
import { useUpdateTicket } from "../api/tickets.ts";
import { useKnownSkills, useStaff } from "../api/users.ts";
import { useAddSkill, useVocabulary } from "../api/vocabulary.ts";
import { STATUS_LABEL } from "../components/badges.tsx";
import { NeedsReviewMark } from "../components/review-mark.tsx";
import { SkillsInput } from "../components/skills-input.tsx";
import { useCurrentUser } from "../session/session.tsx";
import { type TicketDraft, ticketChanges } from "./ticket-changes.ts";

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** "ana@example.com (3 of 10 open, away)": enough to weigh who can take one more. */
function staffLabel(member: StaffMember): string {
  const notes = [
    member.role === "admin" ? "admin" : undefined,
    `${member.openTickets} of ${member.capacity} open`,
    member.available ? undefined : "away",
  ];
  const extra = notes.filter(Boolean).join(", ");
  return extra ? `${member.email} (${extra})` : member.email;
}

/**
 * Staff change a ticket here: status (with a resolution when resolving), labels, skills and
 * assignee, saved together in one PATCH of only what differs from the ticket as it is now.
 * The draft holds just the fields someone touched, so live changes to the others still show.
 */
export function TicketEditor({ ticket }: { ticket: Ticket }) {
  const me = useCurrentUser();
  const staff = useStaff();
  const knownSkills = useKnownSkills();
  const vocabulary = useVocabulary();
  const addToCatalogue = useAddSkill();
  const update = useUpdateTicket(ticket._id);
  const [draft, setDraft] = useState<TicketDraft>({});
  const [saved, setSaved] = useState(false);
  const ids = { status: useId(), priority: useId(), type: useId(), category: useId(), skills: useId() };
  const categoryListId = useId();
  const assigneeId = useId();
  const resolutionId = useId();

  const value = {
    status: draft.status ?? ticket.status,
    priority: draft.priority ?? ticket.priority ?? "",
    type: draft.type ?? ticket.type ?? "",
    category: draft.category ?? ticket.category ?? "",
    relatedSkills: draft.relatedSkills ?? ticket.relatedSkills,
    assignedTo: draft.assignedTo !== undefined ? draft.assignedTo : (ticket.assignedTo?._id ?? null),
    resolution: draft.resolution ?? "",
  };
  const changes = ticketChanges(ticket, draft);
  const dirty = Object.keys(changes).length > 0;
  const resolving = value.status === "RESOLVED" && ticket.status !== "RESOLVED";
  const teaches = ["priority", "category", "type", "relatedSkills"].some((field) => field in changes);
  const error = update.error instanceof ApiError ? update.error : null;

  function edit(changed: TicketDraft) {
    setSaved(false);
    update.reset();
    setDraft((current) => ({ ...current, ...changed }));
  }

  function save(event: FormEvent) {
    event.preventDefault();
    if (!dirty) return;
    update.mutate(changes satisfies UpdateTicketRequest, {
      onSuccess: () => {
        setDraft({});
        setSaved(true);
      },
    });
  }

  // The admin's active categories are offered while typing (GET /api/vocabulary).
  const offered = vocabulary.data?.categories ?? [];
  const categories = [...new Set([...(ticket.category ? [ticket.category] : []), ...offered])];
  const assignees = staff.data ?? [];
  const currentAssigneeMissing =
    ticket.assignedTo !== null && !assignees.some((member) => member._id === ticket.assignedTo?._id);

  return (
    <form onSubmit={save} aria-label="Change the ticket">
      <fieldset disabled={update.isPending} className="flex flex-col gap-3">
        <div className="grid grid-cols-2 gap-3">
          <label className="flex flex-col gap-1" htmlFor={ids.status}>
            <span className="text-xs font-medium text-base-content/70">Status</span>
            <select
              id={ids.status}
              data-shortcut="status"
              className="select select-sm w-full"
              value={value.status}
              onChange={(event) => edit({ status: event.target.value as Ticket["status"] })}
            >
              {TICKET_STATUSES.filter(
                // Only the moves the server allows from where the ticket is now (a resolved ticket
                // reopens; it does not go back to waiting).
                (status) => status === ticket.status || NEXT_STATUSES[ticket.status].includes(status),
              ).map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1" htmlFor={ids.priority}>
            <span className="text-xs font-medium text-base-content/70">
              Priority <NeedsReviewMark ticket={ticket} field="priority" />
            </span>
            <select
              id={ids.priority}
              className="select select-sm w-full"
              value={value.priority}
              onChange={(event) => edit({ priority: event.target.value as Ticket["priority"] & string })}
            >
              {value.priority === "" && (
                <option value="" disabled>
                  Not triaged yet
                </option>
              )}
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {capitalise(priority)}
                </option>
              ))}
            </select>
          </label>
        </div>

        {resolving && (
          <label className="flex flex-col gap-1" htmlFor={resolutionId}>
            <span className="text-xs font-medium text-base-content/70">Resolution (optional)</span>
            <textarea
              id={resolutionId}
              data-shortcut="resolution"
              className="textarea textarea-sm w-full"
              rows={3}
              placeholder="How it was solved; the requester reads this in the resolution mail"
              value={value.resolution}
              onChange={(event) => edit({ resolution: event.target.value })}
            />
          </label>
        )}

        <div className="grid grid-cols-2 gap-3">
          <label className="flex flex-col gap-1" htmlFor={ids.type}>
            <span className="text-xs font-medium text-base-content/70">
              Type <NeedsReviewMark ticket={ticket} field="type" />
            </span>
            <select
              id={ids.type}
              className="select select-sm w-full"
              value={value.type}
              onChange={(event) => edit({ type: event.target.value as Ticket["type"] & string })}
            >
              {value.type === "" && (
                <option value="" disabled>
                  Not triaged yet
                </option>
              )}
              {TICKET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {capitalise(type)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1" htmlFor={ids.category}>
            <span className="text-xs font-medium text-base-content/70">
              Category <NeedsReviewMark ticket={ticket} field="category" />
            </span>
            <input
              id={ids.category}
              className="input input-sm w-full"
              list={categoryListId}
              maxLength={80}
              value={value.category}
              placeholder="e.g. Billing"
              onChange={(event) => edit({ category: event.target.value })}
            />
            <datalist id={categoryListId}>
              {categories.map((category) => (
                <option key={category} value={category} />
              ))}
            </datalist>
          </label>
        </div>

        <div className="flex flex-col gap-1">
          <label htmlFor={ids.skills} className="text-xs font-medium text-base-content/70">
            Skills needed <NeedsReviewMark ticket={ticket} field="relatedSkills" />
          </label>
          <SkillsInput
            id={ids.skills}
            value={value.relatedSkills}
            onChange={(relatedSkills) => edit({ relatedSkills })}
            suggestions={knownSkills.data}
            onAddToCatalogue={
              me?.role === "admin" ? (name) => addToCatalogue.mutateAsync({ name, aliases: [] }) : undefined
            }
          />
        </div>

        <div className="flex flex-col gap-1">
          <div className="flex items-baseline justify-between gap-2">
            <label htmlFor={assigneeId} className="text-xs font-medium text-base-content/70">
              Assignee
            </label>
            {value.assignedTo !== me._id && (
              <button
                type="button"
                className="btn btn-link btn-xs px-0"
                onClick={() => edit({ assignedTo: me._id })}
              >
                Assign to me
              </button>
            )}
          </div>
          <select
            id={assigneeId}
            className="select select-sm w-full"
            value={value.assignedTo ?? ""}
            onChange={(event) => edit({ assignedTo: event.target.value || null })}
          >
            <option value="">Unassigned</option>
            {currentAssigneeMissing && ticket.assignedTo && (
              <option value={ticket.assignedTo._id}>{ticket.assignedTo.email}</option>
            )}
            {assignees.map((member) => (
              <option key={member._id} value={member._id}>
                {staffLabel(member)}
              </option>
            ))}
          </select>
          {staff.isError && (
            <p className="text-xs text-error">Could not load the team: {staff.error.message}</p>
          )}
        </div>

        <p className={`text-xs ${teaches ? "text-info" : "text-base-content/60"}`}>
          Corrections to priority, category, type and skills teach the triage engine.
        </p>

        {error && (
          <div role="alert" className="alert alert-error alert-soft py-2 text-sm">
            {error.message}
          </div>
        )}

        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className="btn btn-primary btn-sm" disabled={!dirty || update.isPending}>
            {update.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
            {update.isPending
              ? "Saving…"
              : changes.status === "RESOLVED"
                ? "Save and resolve"
                : "Save changes"}
          </button>
          {dirty && !update.isPending && (
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => {
                setDraft({});
                update.reset();
              }}
            >
              Discard
            </button>
          )}
          <span role="status" className="text-xs text-success">
            {saved && !dirty ? "Saved" : ""}
          </span>
        </div>
      </fieldset>
    </form>
  );
}
