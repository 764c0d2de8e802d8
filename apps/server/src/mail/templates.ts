import type { Priority, TicketStatus } from "@helpdesk/contracts";
import { escapeHtml } from "./escape-html.ts";
import { renderMarkdownForMail } from "./markdown.ts";

export type RenderedMail = { subject: string; text: string; html: string };

/** What the mails about a ticket say of it. */
export type TicketDigest = {
  id: string;
  number: number;
  title: string;
  priority: Priority | null;
  summary: string | null;
  helpfulNotes: string | null;
  relatedSkills: string[];
  status: TicketStatus;
  resolution: string | null;
};

/** A paragraph of a mail; `markdown` is rendered as such in the HTML part (the text part keeps it as written). */
type Block = { label?: string; text: string; markdown?: { appUrl: string } };

/** One layout for every mail: the same blocks as plain text and as escaped HTML. */
function compose(subject: string, greeting: string, blocks: Block[], link?: string): RenderedMail {
  const text = [
    greeting,
    ...blocks.map((block) => (block.label ? `${block.label}:\n${block.text}` : block.text)),
    ...(link ? [`Open: ${link}`] : []),
    "— Helpdesk",
  ].join("\n\n");
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:640px">`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...blocks.map(
      (block) =>
        `${block.label ? `<h3 style="margin-bottom:0">${escapeHtml(block.label)}</h3>` : ""}${
          block.markdown
            ? `<div>${renderMarkdownForMail(block.text, block.markdown.appUrl)}</div>`
            : `<p style="white-space:pre-wrap">${escapeHtml(block.text)}</p>`
        }`,
    ),
    ...(link ? [`<p><a href="${escapeHtml(link)}">Open the ticket</a></p>`] : []),
    `<p style="color:#888">— Helpdesk</p></body></html>`,
  ].join("\n");
  return { subject, text, html };
}

const ticketLink = (appUrl: string, ticket: TicketDigest) =>
  `${appUrl.replace(/\/$/, "")}/tickets/${ticket.id}`;
// `[#123]` in every subject: a reply whose threading headers a mail client dropped still finds its ticket.
const label = (ticket: TicketDigest) => `[#${ticket.number}] ${ticket.title}`;

export function renderWelcomeMail(appUrl: string, email: string): RenderedMail {
  return compose(
    "Welcome to Helpdesk",
    `Hello ${email},`,
    [
      {
        text: "Your account is ready. File a ticket whenever something goes wrong: we triage it at once and pass it to the person best placed to help.",
      },
    ],
    appUrl,
  );
}

export function renderAssignedMail(appUrl: string, ticket: TicketDigest, reason: string): RenderedMail {
  return compose(
    `[${ticket.priority ?? "new"}] Assigned to you: ${label(ticket)}`,
    "A ticket was assigned to you.",
    [
      { label: "Ticket", text: label(ticket) },
      { label: "Priority", text: ticket.priority ?? "not set" },
      { label: "Summary", text: ticket.summary ?? "(no summary yet)" },
      { label: "Skills", text: ticket.relatedSkills.join(", ") || "none named" },
      ticket.helpfulNotes
        ? { label: "AI notes", text: ticket.helpfulNotes, markdown: { appUrl } }
        : { label: "AI notes", text: "(none)" },
      { label: "Why you", text: reason },
    ],
    ticketLink(appUrl, ticket),
  );
}

export function renderUnassignedAlert(appUrl: string, ticket: TicketDigest, reason: string): RenderedMail {
  return compose(
    `Nobody could take ${label(ticket)}`,
    "A new ticket could not be assigned to anyone.",
    [
      { label: "Ticket", text: label(ticket) },
      { label: "Priority", text: ticket.priority ?? "not set" },
      { label: "Reason", text: reason },
    ],
    ticketLink(appUrl, ticket),
  );
}

export function renderStatusMail(appUrl: string, ticket: TicketDigest): RenderedMail {
  const resolved = ticket.status === "RESOLVED";
  return compose(
    resolved ? `Resolved: ${label(ticket)}` : `Your ticket is now ${ticket.status}: ${label(ticket)}`,
    resolved ? "Your ticket was resolved." : `Your ticket moved to ${ticket.status}.`,
    [
      { label: "Ticket", text: label(ticket) },
      ...(resolved ? [{ label: "Resolution", text: ticket.resolution || "(no details given)" }] : []),
    ],
    ticketLink(appUrl, ticket),
  );
}

export function renderReplyMail(
  appUrl: string,
  ticket: TicketDigest,
  reply: { author: string; body: string; files?: { names: string[]; attached: boolean } },
): RenderedMail {
  const files = reply.files && reply.files.names.length > 0 ? reply.files : undefined;
  return compose(
    `New reply on ${label(ticket)}`,
    `${reply.author} replied:`,
    [
      { text: reply.body },
      ...(files
        ? [
            files.attached
              ? { label: "Attached", text: files.names.join(", ") }
              : {
                  label: "Files on the ticket",
                  text: `${files.names.join(", ")} (too large for mail: open the ticket to download them)`,
                },
          ]
        : []),
    ],
    ticketLink(appUrl, ticket),
  );
}

export function renderSlaBreachMail(appUrl: string, ticket: TicketDigest, dueAt: Date): RenderedMail {
  return compose(
    `SLA breached: ${label(ticket)}`,
    "A ticket passed its due time without being resolved.",
    [
      { label: "Ticket", text: label(ticket) },
      { label: "Priority", text: ticket.priority ?? "not set" },
      { label: "Was due", text: dueAt.toISOString() },
    ],
    ticketLink(appUrl, ticket),
  );
}
