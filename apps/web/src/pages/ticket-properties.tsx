import type { Sentiment, Ticket } from "@helpdesk/contracts";
import type { ReactNode } from "react";
import { PriorityBadge, StatusBadge } from "../components/badges.tsx";
import { isOverdue } from "../components/ticket-table.tsx";
import { formatDateTime, RelativeTime } from "../components/time.tsx";

/** One labelled value of the sidebar's property list. */
export function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6rem_minmax(0,1fr)] items-baseline gap-2 py-1.5">
      <dt className="text-xs font-medium text-base-content/60">{label}</dt>
      <dd className="min-w-0 wrap-anywhere text-sm">{children}</dd>
    </div>
  );
}

const muted = (text: string) => <span className="text-base-content/70">{text}</span>;

/** An address that may wrap before its domain rather than mid-word, in a narrow column. */
export function Email({ address }: { address: string }) {
  const at = address.indexOf("@");
  if (at < 0) return address;
  return (
    <span title={address}>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </span>
  );
}

export function SkillBadges({ skills, empty = "None yet" }: { skills: string[]; empty?: string }) {
  if (skills.length === 0) return muted(empty);
  return (
    <span className="flex flex-wrap gap-1">
      {skills.map((skill) => (
        <span key={skill} className="badge badge-sm badge-primary badge-soft">
          {skill}
        </span>
      ))}
    </span>
  );
}

/** The labels a ticket carries, read-only: what its requester sees (staff edit them in the editor). */
export function TicketLabels({ ticket }: { ticket: Ticket }) {
  return (
    <>
      <Property label="Status">
        <StatusBadge status={ticket.status} />
      </Property>
      <Property label="Priority">
        <PriorityBadge priority={ticket.priority} />
      </Property>
      <Property label="Category">{ticket.category ?? muted("Not set yet")}</Property>
      <Property label="Type">
        {ticket.type ? <span className="capitalize">{ticket.type}</span> : muted("Not set yet")}
      </Property>
      <Property label="Skills">
        <SkillBadges skills={ticket.relatedSkills} />
      </Property>
      <Property label="Assignee">
        {ticket.assignedTo ? <Email address={ticket.assignedTo.email} /> : muted("Not assigned yet")}
      </Property>
    </>
  );
}

/** Who asked and when things happened; the due time stands out once an open ticket is past it. */
export function TicketDates({ ticket }: { ticket: Ticket }) {
  const overdue = isOverdue(ticket);
  return (
    <>
      <Property label="Requester">
        <Email address={ticket.requester.email} />
      </Property>
      <Property label="Created">
        <RelativeTime iso={ticket.createdAt} />
      </Property>
      <Property label="Updated">
        <RelativeTime iso={ticket.updatedAt} />
      </Property>
      <Property label="Due">
        {ticket.dueAt ? (
          <span
            className={`flex flex-wrap items-center gap-x-2 ${overdue ? "font-semibold text-error" : ""}`}
          >
            <time dateTime={ticket.dueAt}>{formatDateTime(ticket.dueAt)}</time>
            {overdue && <span className="badge badge-error badge-xs">Overdue</span>}
          </span>
        ) : (
          muted("Set after triage")
        )}
      </Property>
      {ticket.resolvedAt && (
        <Property label={ticket.status === "CLOSED" ? "Closed" : "Resolved"}>
          <RelativeTime iso={ticket.resolvedAt} />
        </Property>
      )}
    </>
  );
}

const SENTIMENT_CLASS: Record<Sentiment["label"], string> = {
  negative: "badge-error",
  neutral: "badge-ghost",
  positive: "badge-success",
};

export function SentimentBadge({ sentiment }: { sentiment: Sentiment }) {
  const score = `${sentiment.score > 0 ? "+" : ""}${sentiment.score.toFixed(2)}`;
  return (
    <span className={`badge badge-sm badge-soft capitalize ${SENTIMENT_CLASS[sentiment.label]}`}>
      {sentiment.label} <span className="tabular-nums">{score}</span>
    </span>
  );
}
