import type { AdminStats } from "@helpdesk/contracts";
import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { useAdminStats } from "../../api/admin.ts";
import { STATUS_LABEL } from "../../components/badges.tsx";
import { EmptyState, ErrorState, Loading, PageHeader } from "../../components/states.tsx";
import {
  ChartCard,
  EnginesChart,
  engineLabel,
  LoadChart,
  OpenByCategoryChart,
  OpenByStatusChart,
  TicketsPerDayChart,
} from "./charts.tsx";

const PERIODS = [7, 30, 90] as const;
type Period = (typeof PERIODS)[number];

/** "–" when there is nothing to measure, then minutes, hours or days as a person would say them. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${hours < 10 ? hours.toFixed(1).replace(/\.0$/, "") : Math.round(hours)} h`;
  const days = hours / 24;
  return `${days < 10 ? days.toFixed(1).replace(/\.0$/, "") : Math.round(days)} days`;
}

function StatCard({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: ReactNode;
  hint?: string;
  tone?: "error";
}) {
  return (
    <div className="rounded-box border border-base-300 bg-base-100 p-4">
      <div className="text-xs text-base-content/70">{label}</div>
      <div className={`mt-1 text-2xl font-bold tabular-nums ${tone === "error" ? "text-error" : ""}`}>
        {value}
      </div>
      {hint && <div className="mt-0.5 text-xs text-base-content/60">{hint}</div>}
    </div>
  );
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const listed = (rows: [string, number][]) =>
  rows.length ? rows.map(([name, count]) => `${name} ${count}`).join(", ") : "none";

function Figures({ stats }: { stats: AdminStats }) {
  const filed = sum(
    stats.ticketsPerDay.map((day) => day.low + day.medium + day.high + day.critical + day.untriaged),
  );
  const open = sum(Object.values(stats.openByStatus));
  const staffAway = stats.loadPerStaff.filter((person) => !person.available).length;
  const fallbacks = sum(stats.engines.map((row) => row.fallbacks));

  if (filed === 0 && open === 0)
    return (
      <EmptyState title={`No tickets in the last ${stats.days} days`}>
        The charts fill in as soon as people file tickets.
      </EmptyState>
    );

  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <StatCard label="Filed" value={filed} hint={`last ${stats.days} days`} />
        <StatCard label="Open now" value={open} />
        <StatCard
          label="Median time to assign"
          value={formatMinutes(stats.medianMinutesToAssign)}
          hint="filed → assigned"
        />
        <StatCard
          label="Median time to resolve"
          value={formatMinutes(stats.medianMinutesToResolve)}
          hint="filed → resolved"
        />
        <StatCard
          label="SLA breached, open"
          value={stats.slaBreaches.open}
          tone={stats.slaBreaches.open > 0 ? "error" : undefined}
          hint="still open past due"
        />
        <StatCard label="SLA breaches" value={stats.slaBreaches.inPeriod} hint={`last ${stats.days} days`} />
      </div>

      <ChartCard
        title="Tickets filed per day"
        summary={`${filed} tickets filed in the last ${stats.days} days, stacked by priority; untriaged ones on top.`}
      >
        <TicketsPerDayChart perDay={stats.ticketsPerDay} />
      </ChartCard>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          title="Open by status"
          summary={`Open tickets by status: ${listed(
            (Object.keys(stats.openByStatus) as (keyof AdminStats["openByStatus"])[]).map((status) => [
              STATUS_LABEL[status],
              stats.openByStatus[status],
            ]),
          )}.`}
        >
          <OpenByStatusChart byStatus={stats.openByStatus} />
        </ChartCard>
        <ChartCard
          title="Open by category"
          summary={`Open tickets by category: ${listed(stats.openByCategory.map((row) => [row.category, row.count]))}.`}
        >
          {stats.openByCategory.length ? (
            <OpenByCategoryChart byCategory={stats.openByCategory} />
          ) : (
            <p className="py-8 text-center text-sm text-base-content/60">No open tickets.</p>
          )}
        </ChartCard>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          title="Load per moderator"
          summary={`Open tickets against capacity: ${
            stats.loadPerStaff
              .map(
                (person) =>
                  `${person.email} ${person.open} of ${person.capacity}${person.available ? "" : ", away"}`,
              )
              .join("; ") || "no moderators"
          }.`}
          note={
            stats.loadPerStaff.length > 0 &&
            `Faded: away, gets no new tickets${staffAway ? ` (${staffAway})` : ""}. Red: over capacity.`
          }
        >
          {stats.loadPerStaff.length ? (
            <LoadChart load={stats.loadPerStaff} />
          ) : (
            <p className="py-8 text-center text-sm text-base-content/60">
              No moderators yet: give someone the moderator role on the Users page.
            </p>
          )}
        </ChartCard>
        <ChartCard
          title="Triage engines"
          summary={`Tickets triaged per engine: ${
            stats.engines
              .map((row) => `${engineLabel(row.engine)} ${row.count}, ${row.fallbacks} after a fallback`)
              .join("; ") || "none"
          }.`}
          note={
            fallbacks > 0
              ? `${fallbacks} ${fallbacks === 1 ? "ticket was" : "tickets were"} triaged by the built-in engine after the configured model failed.`
              : undefined
          }
        >
          {stats.engines.length ? (
            <EnginesChart engines={stats.engines} />
          ) : (
            <p className="py-8 text-center text-sm text-base-content/60">
              No tickets triaged in this period.
            </p>
          )}
        </ChartCard>
      </div>
    </div>
  );
}

export default function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("days"));
  const days: Period = PERIODS.includes(asked as Period) ? (asked as Period) : 30;
  const stats = useAdminStats(days);

  return (
    <>
      <PageHeader title="Dashboard">
        {stats.isFetching && !stats.isPending && (
          <span role="status" className="loading loading-spinner loading-xs text-base-content/50">
            <span className="sr-only">Updating</span>
          </span>
        )}
        <fieldset className="join" aria-label="Period">
          {PERIODS.map((period) => (
            <button
              key={period}
              type="button"
              className={`btn join-item btn-sm ${period === days ? "btn-primary" : ""}`}
              aria-pressed={period === days}
              onClick={() =>
                setParams(
                  (current) => {
                    const next = new URLSearchParams(current);
                    if (period === 30) next.delete("days");
                    else next.set("days", String(period));
                    return next;
                  },
                  { replace: true },
                )
              }
            >
              {period} days
            </button>
          ))}
        </fieldset>
      </PageHeader>

      {stats.isPending ? (
        <Loading what="Loading figures" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
      ) : (
        <Figures stats={stats.data} />
      )}
    </>
  );
}
