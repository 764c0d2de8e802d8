import type { ListTicketsQuery, TicketSort } from "@helpdesk/contracts";
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Viewer } from "../auth/viewer.ts";
import { isStaff } from "../auth/viewer.ts";
import { isUuid } from "../db/ids.ts";
import { dueOrNever, priorityRank, tickets } from "../db/schema.ts";
import { badRequest } from "../errors.ts";
import { searchCondition, typoCondition } from "./search.ts";
import type { TicketRow } from "./visibility.ts";

const PRIORITY_RANK = priorityRank(tickets.priority);
const DUE_OR_NEVER = dueOrNever(tickets.dueAt);

type SortKey = {
  expr: SQL | typeof tickets.createdAt;
  cast: "timestamptz" | "int" | "uuid";
  value(row: TicketRow): string | number;
};

const RANKS: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const rank = (row: TicketRow) => (row.priority ? (RANKS[row.priority] ?? 0) : 0);
const byId: SortKey = { expr: sql`${tickets.id}`, cast: "uuid", value: (row) => row.id };

/** Every sort is a keyset: the same direction on all keys, ending with the id so the order is total. */
const SORTS: Record<TicketSort, { direction: "asc" | "desc"; keys: SortKey[] }> = {
  newest: {
    direction: "desc",
    keys: [
      { expr: sql`${tickets.createdAt}`, cast: "timestamptz", value: (row) => row.createdAt.toISOString() },
      byId,
    ],
  },
  oldest: {
    direction: "asc",
    keys: [
      { expr: sql`${tickets.createdAt}`, cast: "timestamptz", value: (row) => row.createdAt.toISOString() },
      byId,
    ],
  },
  updated: {
    direction: "desc",
    keys: [
      { expr: sql`${tickets.updatedAt}`, cast: "timestamptz", value: (row) => row.updatedAt.toISOString() },
      byId,
    ],
  },
  priority: {
    direction: "desc",
    keys: [
      { expr: PRIORITY_RANK, cast: "int", value: rank },
      { expr: sql`${tickets.createdAt}`, cast: "timestamptz", value: (row) => row.createdAt.toISOString() },
      byId,
    ],
  },
  due: {
    direction: "asc",
    keys: [
      { expr: DUE_OR_NEVER, cast: "timestamptz", value: (row) => row.dueAt?.toISOString() ?? "infinity" },
      byId,
    ],
  },
};

/** How the search text matches: exactly (search syntax, stems), or forgiving typos in plain words. */
export type TextMatch = "exact" | "typos";

/** The WHERE conditions for a list: what the viewer may see, then the filters they asked for. */
export function listConditions(
  viewer: Viewer,
  query: ListTicketsQuery,
  match: TextMatch = "exact",
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    isStaff(viewer) && !query.mine ? undefined : eq(tickets.createdBy, viewer.id),
    query.status?.length ? inArray(tickets.status, query.status) : undefined,
    query.priority?.length ? inArray(tickets.priority, query.priority) : undefined,
    query.category ? sql`lower(${tickets.category}) = ${query.category.toLowerCase()}` : undefined,
    query.assignee ? assigneeCondition(viewer, query.assignee) : undefined,
    query.needsReview && isStaff(viewer)
      ? sql`jsonb_array_length(coalesce(${tickets.triage} -> 'needsReview', '[]'::jsonb)) > 0`
      : undefined,
    query.q ? (match === "exact" ? searchCondition(viewer, query.q) : typoCondition(query.q)) : undefined,
    query.cursor ? afterCursor(query.sort, query.cursor) : undefined,
  ];
  return and(...conditions);
}

function assigneeCondition(viewer: Viewer, assignee: string): SQL {
  if (assignee === "none") return isNull(tickets.assignedTo);
  const id = assignee === "me" ? viewer.id : assignee;
  if (!isUuid(id)) throw badRequest("assignee: use a user id, `me` or `none`", "validation_failed");
  return eq(tickets.assignedTo, id);
}

export function listOrder(sort: TicketSort): SQL[] {
  const { direction, keys } = SORTS[sort];
  return keys.map((key) => (direction === "desc" ? sql`${key.expr} desc` : sql`${key.expr} asc`));
}

export function encodeCursor(sort: TicketSort, row: TicketRow): string {
  return Buffer.from(JSON.stringify(SORTS[sort].keys.map((key) => key.value(row)))).toString("base64url");
}

function afterCursor(sort: TicketSort, cursor: string): SQL {
  const { direction, keys } = SORTS[sort];
  const values = decodeCursor(cursor, keys);
  const left = sql.join(
    keys.map((key) => sql`${key.expr}`),
    sql`, `,
  );
  const right = sql.join(
    keys.map((key, index) => sql`cast(${values[index]} as ${sql.raw(key.cast)})`),
    sql`, `,
  );
  return direction === "desc" ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}

function decodeCursor(cursor: string, keys: SortKey[]): (string | number)[] {
  const invalid = () =>
    badRequest("cursor: not a cursor from this list; start again without it", "invalid_cursor");
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw invalid();
  values.forEach((value, index) => {
    const cast = keys[index]?.cast;
    const valid =
      cast === "int"
        ? Number.isInteger(value) && Math.abs(value) <= 1000
        : cast === "uuid"
          ? typeof value === "string" && isUuid(value)
          : typeof value === "string" && (value === "infinity" || isIsoTimestamp(value));
    if (!valid) throw invalid();
  });
  return values as (string | number)[];
}

/**
 * Exactly what `toISOString()` writes into cursors, so PostgreSQL's cast cannot fail on it: the text
 * must come back unchanged from a Date (`Date.parse` rolls February 30 over to March 2, and takes hour
 * 24), and the year must be 0001 or later (PostgreSQL has no year 0).
 */
function isIsoTimestamp(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) || text.startsWith("0000")) return false;
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}
