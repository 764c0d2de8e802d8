import { describe, expect, it } from "vitest";
import { filtersFromSearch, hasFilters, withFilter } from "./ticket-filters.ts";

describe("ticket list filters in the address bar", () => {
  it("reads known filters and drops values the API would refuse", () => {
    const filters = filtersFromSearch(
      new URLSearchParams("q=vpn&status=TODO,WAITING&priority=urgent&sort=sideways&assignee=me"),
    );
    expect(filters).toEqual({
      q: "vpn",
      status: "TODO,WAITING",
      priority: undefined,
      assignee: "me",
      category: undefined,
      sort: undefined,
    });
  });

  it("drops a status list with one unknown status", () => {
    expect(filtersFromSearch(new URLSearchParams("status=TODO,DONE")).status).toBeUndefined();
  });

  it("removes a cleared filter instead of keeping it empty, and keeps the others", () => {
    const next = withFilter(new URLSearchParams("q=vpn&priority=high"), "q", "");
    expect(next.toString()).toBe("priority=high");
    expect(withFilter(next, "sort", "due").toString()).toBe("priority=high&sort=due");
  });

  it("says whether anything narrows the list (sorting does not)", () => {
    expect(hasFilters(filtersFromSearch(new URLSearchParams("sort=due")))).toBe(false);
    expect(hasFilters(filtersFromSearch(new URLSearchParams("q=printer")))).toBe(true);
  });
});
