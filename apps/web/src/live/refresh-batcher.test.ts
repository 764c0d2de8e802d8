import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRefreshBatcher } from "./refresh-batcher.ts";

/** A list on screen: an observed query whose fetches are counted and can be held open. */
function watchedList(queryClient: QueryClient) {
  const fetches: { signal: AbortSignal; finish(): void }[] = [];
  const observer = new QueryObserver(queryClient, {
    queryKey: ["tickets", { status: "TODO" }],
    queryFn: ({ signal }) =>
      new Promise<string[]>((resolve) => fetches.push({ signal, finish: () => resolve([]) })),
  });
  const unsubscribe = observer.subscribe(() => {});
  return { fetches, unsubscribe };
}

describe("refresh batcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("refreshes an open list once for a burst of events", async () => {
    const queryClient = new QueryClient();
    const list = watchedList(queryClient);
    list.fetches[0]?.finish();
    await vi.runAllTimersAsync();
    const batcher = createRefreshBatcher(queryClient);

    for (let event = 0; event < 30; event++) batcher.refresh([["tickets"], ["ticket", `t${event % 10}`]]);
    await vi.advanceTimersByTimeAsync(250);

    expect(list.fetches).toHaveLength(2);
    list.unsubscribe();
  });

  it("lets a fetch under way finish and refreshes after it instead of cancelling it", async () => {
    const queryClient = new QueryClient();
    const list = watchedList(queryClient);
    const batcher = createRefreshBatcher(queryClient);

    batcher.refresh([["tickets"]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(list.fetches).toHaveLength(1);
    expect(list.fetches[0]?.signal.aborted).toBe(false);

    list.fetches[0]?.finish();
    await vi.advanceTimersByTimeAsync(250);
    expect(list.fetches).toHaveLength(2);
    expect(list.fetches[0]?.signal.aborted).toBe(false);
    list.unsubscribe();
  });

  it("refreshes nothing after it is stopped", async () => {
    const queryClient = new QueryClient();
    const list = watchedList(queryClient);
    list.fetches[0]?.finish();
    await vi.runAllTimersAsync();
    const batcher = createRefreshBatcher(queryClient);

    batcher.refresh([["tickets"]]);
    batcher.stop();
    await vi.advanceTimersByTimeAsync(1_000);

    expect(list.fetches).toHaveLength(1);
    list.unsubscribe();
  });
});
