import type { TicketSort } from "@helpdesk/contracts";
import { OPEN_STATUSES, PRIORITIES, TICKET_SORTS, TICKET_STATUSES } from "@helpdesk/contracts/constants";
import type { TicketFilters } from "../api/tickets.ts";

/** The `status` filter for every open ticket, as the URL and the API spell a list. */
export const OPEN_STATUS_FILTER = OPEN_STATUSES.join(",");

/**
 * The list's filters as kept in the address bar (so a filtered view can be bookmarked and shared),
 * with anything unknown dropped instead of sent to the API to be refused.
 */
export function filtersFromSearch(params: URLSearchParams): TicketFilters {
  const status = params.get("status") ?? undefined;
  const priority = params.get("priority") ?? undefined;
  const sort = params.get("sort") ?? undefined;
  const statuses = status?.split(",") ?? [];
  return {
    q: params.get("q")?.trim() || undefined,
    status:
      statuses.length && statuses.every((s) => (TICKET_STATUSES as readonly string[]).includes(s))
        ? status
        : undefined,
    priority: priority && (PRIORITIES as readonly string[]).includes(priority) ? priority : undefined,
    assignee: params.get("assignee") || undefined,
    category: params.get("category")?.trim() || undefined,
    needsReview: params.get("needsReview") === "true" || undefined,
    sort: sort && (TICKET_SORTS as readonly string[]).includes(sort) ? (sort as TicketSort) : undefined,
  };
}

/** The address bar after changing one filter: empty values are removed, not kept as `?q=`. */
export function withFilter(
  params: URLSearchParams,
  key: keyof TicketFilters,
  value: string | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

export function hasFilters(filters: TicketFilters): boolean {
  return Boolean(
    filters.q ||
      filters.status ||
      filters.priority ||
      filters.assignee ||
      filters.category ||
      filters.needsReview,
  );
}
