import type { QueryClient, QueryKey } from "@tanstack/react-query";

/**
 * Coalesces the refreshes live events ask for: a burst of events (ten tickets filed, each triaged,
 * assigned and mailed) refreshes each open list once per window instead of once per event. A query
 * that is fetching is left to finish and refreshed after it, never cancelled: its request may have
 * read the database before the change, and a cancelled request shows as failed in the browser.
 */
export function createRefreshBatcher(queryClient: QueryClient, windowMs = 250) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function schedule() {
    timer ??= setTimeout(flush, windowMs);
  }

  function flush() {
    timer = undefined;
    for (const [hash, queryKey] of pending) {
      if (queryClient.isFetching({ queryKey }) > 0) continue;
      pending.delete(hash);
      void queryClient.invalidateQueries({ queryKey });
    }
    if (pending.size) schedule();
  }

  return {
    refresh(queryKeys: QueryKey[]) {
      for (const queryKey of queryKeys) pending.set(JSON.stringify(queryKey), queryKey);
      schedule();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
