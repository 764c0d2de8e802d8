import type { OutboxMail } from "@helpdesk/contracts";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useMail } from "../../api/admin.ts";
import { AttachmentList } from "../../components/attachment-list.tsx";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { formatDateTime, RelativeTime } from "../../components/time.tsx";

type MailStatus = OutboxMail["status"];

const STATUS_CLASS: Record<MailStatus, string> = {
  kept: "badge-ghost",
  sent: "badge-success badge-soft",
  pending: "badge-warning badge-soft",
  failed: "badge-error",
};
const STATUS_LABEL: Record<MailStatus, string> = {
  kept: "Not sent: mailbox only",
  sent: "Sent",
  pending: "Queued",
  failed: "Failed",
};
const STATUS_TITLE: Record<MailStatus, string> = {
  kept: "Kept in this mailbox: no SMTP server is configured",
  sent: "Delivered to the SMTP server",
  pending: "Waiting to be delivered",
  failed: "Delivery failed after every attempt",
};

function MailStatusBadge({ status }: { status: MailStatus }) {
  return (
    <span className={`badge badge-sm whitespace-nowrap ${STATUS_CLASS[status]}`} title={STATUS_TITLE[status]}>
      {STATUS_LABEL[status]}
    </span>
  );
}

/** "ticket.assigned" → "ticket assigned": kinds read as words. */
const kindLabel = (kind: string) => kind.replace(/[._-]+/g, " ");

/**
 * The mail's HTML as a document for a sandboxed frame: a Content-Security-Policy that loads nothing
 * from anywhere (no tracking pixels, no fonts, no script even if the sandbox were loosened) and the
 * light colours a mail client gives a message, whatever the app's theme.
 */
export function mailDocument(html: string): string {
  const guard =
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<meta name="color-scheme" content="light"><style>html{background:Canvas;color:CanvasText}</style>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return html.slice(0, head.index + head[0].length) + guard + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  if (doctype) return doctype[0] + guard + html.slice(doctype[0].length);
  return guard + html;
}

function MailList({ mail, selected }: { mail: OutboxMail[]; selected: string | null }) {
  return (
    <ul className="flex flex-col divide-y divide-base-300" aria-label="Mail, newest first">
      {mail.map((item) => {
        const isSelected = item._id === selected;
        return (
          <li key={item._id}>
            <Link
              to={{ search: `?mail=${item._id}` }}
              aria-current={isSelected ? "true" : undefined}
              className={`flex flex-col gap-1 px-4 py-3 outline-offset-[-2px] hover:bg-base-200 ${isSelected ? "bg-primary/10" : ""}`}
            >
              <div className="flex items-baseline justify-between gap-2 text-xs text-base-content/70">
                <span className="truncate">{item.to}</span>
                <span className="shrink-0">
                  <RelativeTime iso={item.createdAt} />
                </span>
              </div>
              <span className="line-clamp-2 text-sm font-medium">{item.subject}</span>
              <div className="flex flex-wrap items-center gap-1.5">
                <MailStatusBadge status={item.status} />
                <span className="text-xs text-base-content/70">{kindLabel(item.kind)}</span>
                {item.attempts > 1 && (
                  <span className="text-xs text-base-content/70">· {item.attempts} attempts</span>
                )}
              </div>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function MailDetail({ mail }: { mail: OutboxMail }) {
  const [view, setView] = useState<"html" | "text">(mail.html ? "html" : "text");
  const tabs = [
    { id: "html", label: "As sent (HTML)", disabled: !mail.html },
    { id: "text", label: "Plain text", disabled: false },
  ] as const;

  return (
    <article className="flex flex-col gap-4" aria-labelledby="mail-subject">
      <header className="flex flex-col gap-3">
        <h2 id="mail-subject" className="text-lg font-semibold wrap-anywhere">
          {mail.subject}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-base-content/60">To</dt>
          <dd className="break-all">{mail.to}</dd>
          <dt className="text-base-content/60">Kind</dt>
          <dd>{kindLabel(mail.kind)}</dd>
          <dt className="text-base-content/60">Status</dt>
          <dd className="flex flex-wrap items-center gap-2">
            <MailStatusBadge status={mail.status} />
            {mail.attempts > 0 && (
              <span className="text-xs text-base-content/60">
                {mail.attempts} delivery {mail.attempts === 1 ? "attempt" : "attempts"}
              </span>
            )}
          </dd>
          <dt className="text-base-content/60">Written</dt>
          <dd>{formatDateTime(mail.createdAt)}</dd>
          {mail.sentAt && (
            <>
              <dt className="text-base-content/60">Sent</dt>
              <dd>{formatDateTime(mail.sentAt)}</dd>
            </>
          )}
          {mail.ticketId && (
            <>
              <dt className="text-base-content/60">Ticket</dt>
              <dd>
                <Link to={`/tickets/${mail.ticketId}`} className="link">
                  Open the ticket
                </Link>
              </dd>
            </>
          )}
          {mail.attachments.length > 0 && (
            <>
              <dt className="text-base-content/60">Attached</dt>
              <dd>
                <AttachmentList attachments={mail.attachments} />
              </dd>
            </>
          )}
        </dl>
        {mail.lastError && (
          <div role="alert" className="alert alert-error alert-soft text-sm">
            <span className="wrap-anywhere">Last error: {mail.lastError}</span>
          </div>
        )}
      </header>

      <div role="tablist" aria-label="Body" className="tabs tabs-border">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`mail-tab-${tab.id}`}
            type="button"
            role="tab"
            aria-selected={view === tab.id}
            aria-controls="mail-body"
            disabled={tab.disabled}
            className={`tab ${view === tab.id ? "tab-active" : "text-base-content/80"}`}
            onClick={() => setView(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id="mail-body" role="tabpanel" aria-labelledby={`mail-tab-${view}`}>
        {view === "html" ? (
          // sandbox="" gives the mail an opaque origin with no script, forms, popups or top navigation:
          // it cannot run code or reach the app's storage, whatever its HTML says.
          <iframe
            title={`HTML body of “${mail.subject}”`}
            sandbox=""
            srcDoc={mailDocument(mail.html)}
            referrerPolicy="no-referrer"
            className="h-[28rem] w-full rounded-box border border-base-300 lg:h-[36rem]"
          />
        ) : (
          <pre className="overflow-x-auto whitespace-pre-wrap wrap-anywhere rounded-box border border-base-300 bg-base-200 p-4 font-sans text-sm">
            {mail.text || "(no text body)"}
          </pre>
        )}
      </div>
    </article>
  );
}

export default function MailboxPage() {
  const [params] = useSearchParams();
  const mail = useMail();
  const selectedId = params.get("mail");
  const selected = mail.data?.find((item) => item._id === selectedId) ?? null;

  return (
    <>
      <PageHeader title="Mailbox">
        {mail.data && (
          <>
            <span className="text-sm text-base-content/70">
              {mail.data.length} {mail.data.length === 1 ? "mail" : "mails"}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => mail.refetch()}
              disabled={mail.isFetching}
            >
              {mail.isFetching ? "Refreshing…" : "Refresh"}
            </button>
          </>
        )}
      </PageHeader>

      {mail.isPending ? (
        <Loading what="Loading mail" />
      ) : mail.isError ? (
        <ErrorState error={mail.error} onRetry={() => mail.refetch()} />
      ) : mail.data.length === 0 ? (
        <EmptyState title="No mail yet">
          Sign-ups, new tickets, assignments and replies each write a mail; they appear here.
        </EmptyState>
      ) : (
        <div className="grid items-start gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
          <nav
            aria-label="Mailbox"
            className={`overflow-hidden rounded-box border border-base-300 bg-base-100 lg:sticky lg:top-20 lg:max-h-[calc(100vh-7rem)] lg:overflow-y-auto ${selected ? "max-lg:hidden" : ""}`}
          >
            <MailList mail={mail.data} selected={selected?._id ?? null} />
          </nav>
          <section
            aria-label="Selected mail"
            className={`min-w-0 rounded-box border border-base-300 bg-base-100 p-4 sm:p-6 ${selected ? "" : "max-lg:hidden"}`}
          >
            {selected ? (
              <>
                <Link to={{ search: "" }} className="btn btn-ghost btn-sm mb-2 -ml-2 lg:hidden">
                  ← All mail
                </Link>
                <MailDetail key={selected._id} mail={selected} />
              </>
            ) : (
              <p className="py-16 text-center text-sm text-base-content/60">
                {selectedId ? "That mail is not among the latest ones." : "Choose a mail to read it."}
              </p>
            )}
          </section>
        </div>
      )}
    </>
  );
}
