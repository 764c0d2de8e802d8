import type { ReviewableField, Ticket } from "@helpdesk/contracts";

const FIELD_WORD: Record<ReviewableField, string> = {
  priority: "priority",
  category: "category",
  type: "type",
  relatedSkills: "skills",
};

/** The fields triage left for a person on this ticket (staff see them; requesters see no triage). */
export const fieldsNeedingReview = (ticket: Pick<Ticket, "triage">): ReviewableField[] =>
  ticket.triage?.needsReview ?? [];

/** Beside a field's label: triage was unsure of it and left it for a person to set. */
export function NeedsReviewMark({
  ticket,
  field,
}: {
  ticket: Pick<Ticket, "triage">;
  field: ReviewableField;
}) {
  if (!fieldsNeedingReview(ticket).includes(field)) return null;
  return (
    <span
      className="badge badge-warning badge-soft badge-xs ml-1 whitespace-nowrap"
      title="Triage was not sure enough to set this: choose it"
    >
      Needs review
    </span>
  );
}

/** In a ticket list: "Needs review: category, priority", or nothing. */
export function NeedsReviewBadge({ ticket }: { ticket: Pick<Ticket, "triage"> }) {
  const fields = fieldsNeedingReview(ticket);
  if (fields.length === 0) return null;
  return (
    <span className="badge badge-warning badge-soft badge-sm whitespace-nowrap">
      Needs review: {fields.map((field) => FIELD_WORD[field]).join(", ")}
    </span>
  );
}
