import type {
  Comment,
  CreateCommentRequest,
  CreateTicketRequest,
  Ticket,
  TicketEvent,
  TicketSort,
  UpdateTicketRequest,
} from "@helpdesk/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formWithFiles } from "./attachments.ts";
import { api } from "./client.ts";

/** A new ticket or reply, with the files chosen for it (sent as a multipart form when there are some). */
type WithFiles<T> = T & { files?: File[] };

const bodyOf = <T extends Record<string, string | boolean>>({ files = [], ...fields }: WithFiles<T>) =>
  files.length > 0 ? formWithFiles(fields, files) : fields;

/** Query keys: everything about one ticket sits under ["ticket", id], every list under ["tickets"]. */
export const ticketKeys = {
  lists: ["tickets"] as const,
  list: (filters: TicketFilters) => ["tickets", filters] as const,
  ticket: (id: string) => ["ticket", id] as const,
  comments: (id: string) => ["ticket", id, "comments"] as const,
  events: (id: string) => ["ticket", id, "events"] as const,
};

/** The list filters as the URL and the API name them. */
export type TicketFilters = {
  status?: string;
  priority?: string;
  category?: string;
  assignee?: string;
  mine?: boolean;
  /** Only tickets with a field triage left for a person (staff). */
  needsReview?: boolean;
  q?: string;
  sort?: TicketSort;
  limit?: number;
};

type TicketPage = { tickets: Ticket[]; nextCursor: string | null };

export function useTicketList(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<TicketPage>("/api/tickets", {
        query: { ...filters, limit: filters.limit ?? 25, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.ticket(id),
    queryFn: ({ signal }) => api<{ ticket: Ticket }>(`/api/tickets/${id}`, { signal }).then((r) => r.ticket),
  });
}

export function useComments(id: string) {
  return useQuery({
    queryKey: ticketKeys.comments(id),
    queryFn: ({ signal }) =>
      api<{ comments: Comment[] }>(`/api/tickets/${id}/comments`, { signal }).then((r) => r.comments),
  });
}

export function useTicketEvents(id: string, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.events(id),
    queryFn: ({ signal }) =>
      api<{ events: TicketEvent[] }>(`/api/tickets/${id}/events`, { signal }).then((r) => r.events),
    enabled,
  });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WithFiles<CreateTicketRequest>) =>
      api<{ message: string; ticket: Ticket }>("/api/tickets", { method: "POST", body: bodyOf(input) }).then(
        (r) => r.ticket,
      ),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.ticket(ticket._id), ticket);
      return queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

/** Every change to a ticket (status, labels, assignee) goes through PATCH and refreshes what shows it. */
export function useUpdateTicket(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateTicketRequest) =>
      api<{ ticket: Ticket }>(`/api/tickets/${id}`, { method: "PATCH", body: changes }).then((r) => r.ticket),
    onSuccess: (ticket) => {
      queryClient.setQueryData(ticketKeys.ticket(id), ticket);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.events(id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists }),
      ]);
    },
  });
}

/**
 * Asks for a new triage. The server accepts it (202) with the ticket as it was then; a background
 * job stores the new triage, and the live stream's `updated` event refetches the ticket and its
 * history. The reply is not cached: the stream may already have brought something newer.
 */
export function useRetriage(id: string) {
  return useMutation({
    mutationFn: () =>
      api<{ message: string; ticket: Ticket }>(`/api/tickets/${id}/retriage`, { method: "POST" }),
  });
}

export function useAddComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WithFiles<CreateCommentRequest>) =>
      api<{ comment: Comment }>(`/api/tickets/${id}/comments`, { method: "POST", body: bodyOf(input) }).then(
        (r) => r.comment,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.ticket(id) }),
  });
}
