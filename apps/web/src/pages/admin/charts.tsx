import type { AdminStats, Priority } from "@helpdesk/contracts";
import { OPEN_STATUSES, PRIORITIES } from "@helpdesk/contracts/constants";
import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { STATUS_LABEL } from "../../components/badges.tsx";
import { type ChartColors, useThemeColors } from "./chart-colors.ts";

/** Axes, grid, tooltip and legend in the theme's base colours, shared by every chart. */
function useChartStyle() {
  const colors = useThemeColors();
  const tick = { fill: colors["base-content"], fillOpacity: 0.7, fontSize: 12 };
  const tooltip = {
    contentStyle: {
      background: colors["base-100"],
      border: `1px solid ${colors["base-300"]}`,
      borderRadius: 8,
      color: colors["base-content"],
      fontSize: 13,
    },
    labelStyle: { color: colors["base-content"], fontWeight: 600 },
    cursor: { fill: colors["base-content"], fillOpacity: 0.06 },
  };
  const legend = {
    wrapperStyle: { fontSize: 12 },
    // Series in the order they are drawn, not alphabetical.
    itemSorter: null,
    formatter: (value: string) => <span style={{ color: colors["base-content"] }}>{value}</span>,
  };
  // An opaque grey between text and background: legends show a series' fill without its opacity.
  const muted = `color-mix(in oklab, ${colors["base-content"]} 30%, ${colors["base-100"]})`;
  return { colors, tick, tooltip, legend, muted, grid: colors["base-300"] };
}

/** A titled panel for one chart, with a sentence for screen readers saying what it shows. */
export function ChartCard({
  title,
  summary,
  note,
  children,
}: {
  title: string;
  summary: string;
  note?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card border border-base-300 bg-base-100">
      <div className="card-body gap-3 p-4 sm:p-5">
        <h2 className="card-title text-base">{title}</h2>
        <p className="sr-only">{summary}</p>
        <div inert>{children}</div>
        {note && <p className="text-xs text-base-content/60">{note}</p>}
      </div>
    </section>
  );
}

const dayLabel = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const formatDay = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

type Series = { key: Priority | "untriaged"; label: string; color: keyof ChartColors };

const PRIORITY_STYLE: Record<Priority, Omit<Series, "key">> = {
  low: { label: "Low", color: "success" },
  medium: { label: "Medium", color: "info" },
  high: { label: "High", color: "warning" },
  critical: { label: "Critical", color: "error" },
};

/** Lowest priority at the bottom of each stack (PRIORITIES runs low to critical), untriaged on top. */
const PRIORITY_SERIES: Series[] = [
  ...PRIORITIES.map((key) => ({ key, ...PRIORITY_STYLE[key] })),
  { key: "untriaged", label: "Untriaged", color: "base-content" },
];

export function TicketsPerDayChart({ perDay }: { perDay: AdminStats["ticketsPerDay"] }) {
  const { colors, tick, tooltip, legend, muted, grid } = useChartStyle();
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={perDay} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
        <CartesianGrid vertical={false} stroke={grid} />
        <XAxis
          dataKey="day"
          tickFormatter={formatDay}
          tick={tick}
          stroke={grid}
          minTickGap={16}
          interval="preserveStartEnd"
        />
        <YAxis allowDecimals={false} tick={tick} stroke={grid} />
        <Tooltip {...tooltip} labelFormatter={(day) => formatDay(String(day))} />
        <Legend {...legend} />
        {PRIORITY_SERIES.map((series) => (
          <Bar
            key={series.key}
            dataKey={series.key}
            name={series.label}
            stackId="priority"
            fill={series.key === "untriaged" ? muted : colors[series.color]}
            maxBarSize={28}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

const STATUS_COLOR: Record<(typeof OPEN_STATUSES)[number], keyof ChartColors> = {
  TODO: "info",
  IN_PROGRESS: "primary",
  WAITING: "warning",
};

export function OpenByStatusChart({ byStatus }: { byStatus: AdminStats["openByStatus"] }) {
  const { colors, tick, tooltip, grid } = useChartStyle();
  const data = OPEN_STATUSES.map((status) => ({
    status,
    name: STATUS_LABEL[status],
    count: byStatus[status],
  }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
        <CartesianGrid vertical={false} stroke={grid} />
        <XAxis dataKey="name" tick={tick} stroke={grid} />
        <YAxis allowDecimals={false} tick={tick} stroke={grid} />
        <Tooltip {...tooltip} />
        <Bar dataKey="count" name="Open tickets" maxBarSize={64} radius={[4, 4, 0, 0]}>
          {data.map((row) => (
            <Cell key={row.status} fill={colors[STATUS_COLOR[row.status]]} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Height for a horizontal bar chart: room for each row's label, whatever the count. */
const rowsHeight = (rows: number) => Math.max(120, rows * 34 + 40);

/** Cuts long labels (emails, categories) so the axis keeps room for the bars on a phone. */
const shorten = (text: string, max = 18) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function OpenByCategoryChart({ byCategory }: { byCategory: AdminStats["openByCategory"] }) {
  const { colors, tick, tooltip, muted, grid } = useChartStyle();
  return (
    <ResponsiveContainer width="100%" height={rowsHeight(byCategory.length)}>
      <BarChart data={byCategory} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke={grid} />
        <XAxis type="number" allowDecimals={false} tick={tick} stroke={grid} />
        <YAxis
          type="category"
          dataKey="category"
          width={110}
          tick={tick}
          stroke={grid}
          tickFormatter={(value) => shorten(String(value), 16)}
        />
        <Tooltip {...tooltip} />
        <Bar dataKey="count" name="Open tickets" fill={colors.primary} maxBarSize={22} radius={[0, 4, 4, 0]}>
          {byCategory.map((row) => (
            <Cell key={row.category} fill={row.category === "Untriaged" ? muted : colors.primary} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function LoadChart({ load }: { load: AdminStats["loadPerStaff"] }) {
  const { colors, tick, tooltip, legend, muted, grid } = useChartStyle();
  const data = load.map((person) => ({
    ...person,
    label: `${shorten(person.email, 16)}${person.available ? "" : " (away)"}`,
  }));
  return (
    <ResponsiveContainer width="100%" height={rowsHeight(data.length * 1.4)}>
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke={grid} />
        <XAxis type="number" allowDecimals={false} tick={tick} stroke={grid} />
        <YAxis type="category" dataKey="label" width={130} tick={tick} stroke={grid} />
        <Tooltip {...tooltip} labelFormatter={(_, payload) => payload?.[0]?.payload?.email ?? ""} />
        <Legend {...legend} />
        <Bar dataKey="open" name="Open tickets" fill={colors.primary} maxBarSize={16} radius={[0, 4, 4, 0]}>
          {data.map((person) => (
            <Cell
              key={person._id}
              fill={person.open > person.capacity ? colors.error : colors.primary}
              fillOpacity={person.available ? 1 : 0.35}
            />
          ))}
        </Bar>
        <Bar dataKey="capacity" name="Capacity" fill={muted} maxBarSize={16} radius={[0, 4, 4, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

const ENGINE_LABEL: Record<string, string> = {
  builtin: "Built-in",
  gemini: "Gemini",
  openai: "OpenAI-compatible",
  anthropic: "Anthropic",
};
export const engineLabel = (engine: string | null) => (engine ? (ENGINE_LABEL[engine] ?? engine) : "Unknown");

export function EnginesChart({ engines }: { engines: AdminStats["engines"] }) {
  const { colors, tick, tooltip, legend, grid } = useChartStyle();
  const data = engines.map((row) => ({
    name: engineLabel(row.engine),
    direct: row.count - row.fallbacks,
    fallbacks: row.fallbacks,
  }));
  return (
    <ResponsiveContainer width="100%" height={rowsHeight(data.length * 1.2)}>
      <BarChart data={data} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid horizontal={false} stroke={grid} />
        <XAxis type="number" allowDecimals={false} tick={tick} stroke={grid} />
        <YAxis type="category" dataKey="name" width={120} tick={tick} stroke={grid} />
        <Tooltip {...tooltip} />
        <Legend {...legend} />
        <Bar dataKey="direct" name="Answered" stackId="engine" fill={colors.primary} maxBarSize={22} />
        <Bar
          dataKey="fallbacks"
          name="After a fallback"
          stackId="engine"
          fill={colors.warning}
          maxBarSize={22}
          radius={[0, 4, 4, 0]}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
