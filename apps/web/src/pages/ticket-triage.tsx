import type { Ticket } from "@helpdesk/contracts";
import { Property, SentimentBadge } from "./ticket-properties.tsx";
import { type RetriagePhase, useTicketRetriage } from "./ticket-retriage.ts";

const CONFIDENCE_LABEL: Record<string, string> = {
  priority: "Priority",
  category: "Category",
  type: "Type",
  relatedSkills: "Skills",
};

/** Said to everyone, screen readers included, as a re-triage goes along; a refusal shows as an alert. */
const RETRIAGE_STATUS: Record<RetriagePhase, string> = {
  idle: "",
  waiting: "Triaging again; the new triage shows here as soon as it is stored.",
  landed: "Triage updated.",
  queued: "The re-triage is still queued; it will appear here when it is done.",
  failed: "",
};

function confidenceTone(value: number): string {
  if (value >= 0.75) return "progress-success";
  if (value >= 0.45) return "progress-warning";
  return "progress-error";
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Confidence({ label, value }: { label: string; value: number }) {
  const percent = Math.round(value * 100);
  return (
    <div className="grid grid-cols-[5rem_minmax(0,1fr)_2.5rem] items-center gap-2 text-xs">
      <span className="text-base-content/70">{label}</span>
      <progress
        className={`progress h-1.5 ${confidenceTone(value)}`}
        value={percent}
        max={100}
        aria-hidden="true"
      />
      <span className="text-right tabular-nums">{percent}%</span>
    </div>
  );
}

/** How the ticket was triaged, how sure the engine was, and a button to triage it again. */
export function TicketTriage({ ticket }: { ticket: Ticket }) {
  const { phase, error, retriageAgain } = useTicketRetriage(ticket);
  const { triage } = ticket;
  const busy = phase === "waiting";

  return (
    <section className="card card-sm border border-base-300 bg-base-100" aria-labelledby="triage-title">
      <div className="card-body gap-3">
        <h2 id="triage-title" className="card-title text-sm">
          Triage
        </h2>
        {triage ? (
          <>
            <dl>
              <Property label="Engine">
                <span className="font-medium" title={`version ${triage.version}`}>
                  {triage.engine}
                </span>
                {triage.model && triage.model !== triage.engine && (
                  <span className="text-base-content/70"> · {triage.model}</span>
                )}
              </Property>
              <Property label="Took">{formatDuration(triage.durationMs)}</Property>
              {ticket.sentiment && (
                <Property label="Sentiment">
                  <SentimentBadge sentiment={ticket.sentiment} />
                </Property>
              )}
            </dl>
            {triage.fallbackReason && (
              <div role="note" className="alert alert-warning alert-soft px-3 py-2 text-xs">
                <span>
                  <strong>Fell back to the built-in engine:</strong> {triage.fallbackReason}
                </span>
              </div>
            )}
            {Object.keys(triage.confidence).length > 0 && (
              <div className="flex flex-col gap-1.5">
                <h3 className="text-xs font-medium text-base-content/60">Confidence</h3>
                {Object.entries(triage.confidence).map(([field, value]) => (
                  <Confidence key={field} label={CONFIDENCE_LABEL[field] ?? field} value={value} />
                ))}
              </div>
            )}
          </>
        ) : (
          <p className="text-sm text-base-content/60">Not triaged yet; this usually takes a moment.</p>
        )}
        {error && (
          <div role="alert" className="alert alert-error alert-soft px-3 py-2 text-xs">
            {error.message}
          </div>
        )}
        <div className="flex flex-col gap-1">
          <button
            type="button"
            className="btn btn-sm btn-outline"
            onClick={retriageAgain}
            disabled={busy}
            aria-busy={busy}
          >
            {busy && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
            {busy ? "Triaging again…" : "Re-triage"}
          </button>
          <p role="status" aria-live="polite" className="text-xs">
            {RETRIAGE_STATUS[phase]}
          </p>
          <p className="text-xs text-base-content/60">
            Asks the engine again with what it has learned; replaces priority, category, type and skills.
          </p>
        </div>
      </div>
    </section>
  );
}
