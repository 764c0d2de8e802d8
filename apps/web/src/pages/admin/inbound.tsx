import { INBOUND_OUTCOMES } from "@helpdesk/contracts";
import { Link, useSearchParams } from "react-router";
import { type InboundOutcome, useInboundLog } from "../../api/inbound.ts";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { formatDateTime, RelativeTime } from "../../components/time.tsx";

const OUTCOME_LABEL: Record<InboundOutcome, string> = {
  received: "Waiting to be filed",
  ticketed: "New ticket",
  appended: "Added to a ticket",
  ignored: "Ignored",
  held: "Held for staff",
};
const OUTCOME_CLASS: Record<InboundOutcome, string> = {
  received: "badge-ghost",
  ticketed: "badge-success badge-soft",
  appended: "badge-info badge-soft",
  ignored: "badge-neutral badge-soft",
  held: "badge-warning",
};

const isOutcome = (value: string | null): value is InboundOutcome =>
  INBOUND_OUTCOMES.includes(value as InboundOutcome);

/** Every mail that came in (IMAP or the SMTP listener) and what became of it, with the reason. */
export default function InboundPage() {
  const [params, setParams] = useSearchParams();
  const shown = params.get("outcome");
  const outcome = isOutcome(shown) ? shown : undefined;
  const log = useInboundLog(outcome);
  const messages = log.data?.pages.flatMap((page) => page.messages) ?? [];

  return (
    <>
      <PageHeader title="Inbound mail">
        <label className="flex items-center gap-2 text-sm">
          <span>Show</span>
          <select
            className="select select-sm"
            value={outcome ?? ""}
            onChange={(event) => setParams(event.target.value ? { outcome: event.target.value } : {})}
          >
            <option value="">All mail</option>
            {INBOUND_OUTCOMES.map((value) => (
              <option key={value} value={value}>
                {OUTCOME_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-sm" onClick={() => log.refetch()} disabled={log.isFetching}>
          {log.isFetching ? "Refreshing…" : "Refresh"}
        </button>
      </PageHeader>

      {log.isPending ? (
        <Loading what="Loading inbound mail" />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : messages.length === 0 ? (
        <EmptyState
          title={outcome ? `No mail ${OUTCOME_LABEL[outcome].toLowerCase()}` : "No mail has come in"}
        >
          Mail to the support address arrives through IMAP_URL or the built-in SMTP listener
          (SMTP_INBOUND_PORT); each one is listed here with what became of it.
        </EmptyState>
      ) : (
        <div className="rounded-box border border-base-300 bg-base-100">
          <ul className="flex flex-col divide-y divide-base-300" aria-label="Inbound mail, newest first">
            {messages.map((message) => (
              <li
                key={message._id}
                className="flex flex-col gap-2 px-4 py-3 md:grid md:grid-cols-[8rem_minmax(0,1fr)_minmax(0,1.4fr)] md:gap-4"
              >
                <div className="text-sm" title={formatDateTime(message.receivedAt)}>
                  <RelativeTime iso={message.receivedAt} />
                  <span className="text-xs text-base-content/70"> · via {message.source.toUpperCase()}</span>
                </div>
                <div className="flex min-w-0 flex-col gap-0.5">
                  <span className="text-sm font-medium wrap-anywhere">
                    {message.subject || "(no subject)"}
                  </span>
                  <span className="text-xs text-base-content/70 break-all">
                    {message.from ?? "(no sender)"}
                  </span>
                </div>
                <div className="flex min-w-0 flex-col items-start gap-1 text-sm">
                  <span className={`badge badge-sm whitespace-nowrap ${OUTCOME_CLASS[message.outcome]}`}>
                    {OUTCOME_LABEL[message.outcome]}
                  </span>
                  <p className="wrap-anywhere">{message.reason}</p>
                  {message.ticketId && (
                    <Link to={`/tickets/${message.ticketId}`} className="link">
                      Open the ticket
                    </Link>
                  )}
                  {message.hasRaw && message.outcome !== "received" && (
                    <span className="text-xs text-base-content/70">The raw message is kept.</span>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {log.hasNextPage && (
            <div className="p-3 text-center">
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? "Loading…" : "Older mail"}
              </button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
