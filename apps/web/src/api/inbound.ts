import type { InboundListReply, InboundMessage } from "@helpdesk/contracts";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api } from "./client.ts";

export type InboundOutcome = InboundMessage["outcome"];

/** The inbound log, newest first, a page at a time; `outcome` narrows it to one outcome. */
export function useInboundLog(outcome: InboundOutcome | undefined) {
  return useInfiniteQuery({
    queryKey: ["admin", "inbound", outcome ?? "all"] as const,
    queryFn: ({ pageParam, signal }) =>
      api<InboundListReply>("/api/admin/inbound", {
        query: { limit: 50, outcome, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
