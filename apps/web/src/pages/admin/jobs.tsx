import type { JobSummary } from "@helpdesk/contracts";
import { useState } from "react";
import { Link } from "react-router";
import { useJobs, useRetryJob } from "../../api/admin.ts";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import { RelativeTime } from "../../components/time.tsx";

type JobState = JobSummary["state"];
const STATES: JobState[] = ["failed", "retry", "active", "created", "completed", "cancelled"];

const STATE_CLASS: Record<JobState, string> = {
  failed: "badge-error",
  retry: "badge-warning",
  active: "badge-info",
  created: "badge-ghost",
  completed: "badge-success badge-soft",
  cancelled: "badge-neutral badge-soft",
};

const ROW_CLASS: Partial<Record<JobState, string>> = { failed: "bg-error/10", retry: "bg-warning/10" };

function JobStateBadge({ state }: { state: JobState }) {
  return <span className={`badge badge-sm whitespace-nowrap ${STATE_CLASS[state]}`}>{state}</span>;
}

/** The first line of an error, cut short; the whole text (a stack, maybe) one click away. */
function LastError({ error }: { error: string | null }) {
  if (!error) return <span className="text-base-content/40">–</span>;
  const firstLine = error.split("\n")[0] ?? error;
  const isLong = firstLine.length > 80 || error.includes("\n");
  if (!isLong) return <span className="wrap-anywhere">{error}</span>;
  return (
    <details className="group max-w-full">
      <summary className="cursor-pointer list-none [&::-webkit-details-marker]:hidden">
        <span className="group-open:hidden">{firstLine.slice(0, 80)}…</span>
        <span className="hidden group-open:inline">Hide the full error</span>
        <span className="ml-1 link text-xs text-base-content/70 group-open:hidden">more</span>
      </summary>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap wrap-anywhere rounded bg-base-200 p-2 text-xs">
        {error}
      </pre>
    </details>
  );
}

function RetryButton({ job }: { job: JobSummary }) {
  const retry = useRetryJob();
  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        className="btn btn-xs btn-outline btn-error"
        disabled={retry.isPending}
        onClick={() => retry.mutate(job._id)}
        aria-label={`Retry ${job.name} job`}
      >
        {retry.isPending && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
        Retry
      </button>
      {retry.isError && (
        <span role="alert" className="text-xs text-error">
          {retry.error.message}
        </span>
      )}
    </div>
  );
}

const Time = ({ iso }: { iso: string | null }) =>
  iso ? <RelativeTime iso={iso} /> : <span className="text-base-content/40">–</span>;

// One table for every width: on phones each row becomes a card whose cells carry their own label
// (data-label) and empty cells are left out.
const CELL =
  "max-md:flex max-md:items-baseline max-md:gap-3 max-md:border-0 max-md:px-0 max-md:py-0.5 max-md:before:w-24 max-md:before:shrink-0 max-md:before:text-xs max-md:before:text-base-content/60 max-md:before:content-[attr(data-label)]";
const cell = (isEmpty = false) => `${CELL} ${isEmpty ? "max-md:hidden" : ""}`;

function JobRow({ job }: { job: JobSummary }) {
  return (
    <tr
      className={`max-md:mb-3 max-md:block max-md:rounded-box max-md:border max-md:border-base-300 max-md:px-4 max-md:py-3 ${ROW_CLASS[job.state] ?? "max-md:bg-base-100"}`}
    >
      <td className="max-md:flex max-md:items-center max-md:justify-between max-md:gap-2 max-md:border-0 max-md:px-0 max-md:pt-0 max-md:pb-2">
        <span className="font-mono text-sm max-md:break-all md:whitespace-nowrap">{job.name}</span>
        <span className="md:hidden">
          <JobStateBadge state={job.state} />
        </span>
      </td>
      <td className="max-md:hidden">
        <JobStateBadge state={job.state} />
      </td>
      <td className={`text-sm tabular-nums ${cell()}`} data-label="Attempts">
        {job.attempts}/{job.retryLimit}
      </td>
      <td className={`text-sm md:max-w-72 ${cell(!job.lastError)}`} data-label="Last error">
        <div className="min-w-0">
          <LastError error={job.lastError} />
        </div>
      </td>
      <td className={`whitespace-nowrap ${cell(!job.ticketId)}`} data-label="Ticket">
        {job.ticketId ? (
          <Link to={`/tickets/${job.ticketId}`} className="link text-sm">
            Open ticket
          </Link>
        ) : (
          <span className="text-base-content/40">–</span>
        )}
      </td>
      <td className={`whitespace-nowrap text-sm ${cell()}`} data-label="Created">
        <Time iso={job.createdAt} />
      </td>
      <td className={`whitespace-nowrap text-sm ${cell(!job.startedAt)}`} data-label="Started">
        <Time iso={job.startedAt} />
      </td>
      <td className={`whitespace-nowrap text-sm ${cell(!job.completedAt)}`} data-label="Completed">
        <Time iso={job.completedAt} />
      </td>
      <td
        className={
          job.state === "failed" ? "max-md:block max-md:border-0 max-md:px-0 max-md:pt-2" : "max-md:hidden"
        }
      >
        {job.state === "failed" && <RetryButton job={job} />}
      </td>
    </tr>
  );
}

/**
 * Jobs that run every minute whatever happens (the SLA clock, re-routing waiting tickets, pg-boss's
 * own bookkeeping): they would fill the list, so they show only when asked or when they went wrong.
 */
export const isRoutine = (job: JobSummary) =>
  job.state === "completed" &&
  (job.name === "sla.tick" || job.name === "route.waiting" || job.name.startsWith("__pgboss"));

export default function JobsPage() {
  const [state, setState] = useState<JobState | "">("");
  const [live, setLive] = useState(true);
  const [showRoutine, setShowRoutine] = useState(false);
  const jobs = useJobs({ live });
  const shown = (jobs.data ?? []).filter(
    (job) => (!state || job.state === state) && (showRoutine || !isRoutine(job)),
  );
  const failed = jobs.data?.filter((job) => job.state === "failed").length ?? 0;

  return (
    <>
      <PageHeader title="Jobs">
        <label className="flex cursor-pointer items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="toggle toggle-sm"
            checked={live}
            onChange={(event) => setLive(event.target.checked)}
          />
          Refresh every 5 s
        </label>
        <label className="flex cursor-pointer items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="checkbox checkbox-sm"
            checked={showRoutine}
            onChange={(event) => setShowRoutine(event.target.checked)}
          />
          Routine jobs
        </label>
        <select
          className="select select-sm w-44"
          aria-label="State"
          value={state}
          onChange={(event) => setState(event.target.value as JobState | "")}
        >
          <option value="">Any state</option>
          {STATES.map((option) => (
            <option key={option} value={option}>
              {option[0]?.toUpperCase() + option.slice(1)}
              {option === "failed" && failed ? ` (${failed})` : ""}
            </option>
          ))}
        </select>
      </PageHeader>

      {jobs.isPending ? (
        <Loading what="Loading jobs" />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => jobs.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState
          title={state ? `No ${state} jobs` : jobs.data.length ? "Only routine jobs lately" : "No jobs yet"}
        >
          {state
            ? "None of the recent jobs is in this state."
            : jobs.data.length
              ? "Tick “Routine jobs” to see the SLA clock and re-routing runs."
              : "Jobs appear here when tickets are filed or mail is sent."}
        </EmptyState>
      ) : (
        <div className="md:overflow-x-auto md:rounded-box md:border md:border-base-300 md:bg-base-100">
          <table className="table table-sm max-md:block">
            <thead className="max-md:hidden">
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Attempts</th>
                <th>Last error</th>
                <th>Ticket</th>
                <th>Created</th>
                <th>Started</th>
                <th>Completed</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="max-md:block">
              {shown.map((job) => (
                <JobRow key={job._id} job={job} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
