import type {
  AdminStats,
  JobSummary,
  MessageReply,
  OutboxMail,
  Role,
  UpdateUserRequest,
  User,
} from "@helpdesk/contracts";
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.ts";
import { userKeys } from "./users.ts";

/**
 * Admin query keys. The figures sit under ["stats"] because live updates mark that prefix stale on
 * every ticket change; user lists share ["users"] with users.ts.
 */
export const adminKeys = {
  stats: (days: number) => ["stats", days] as const,
  jobs: ["admin", "jobs"] as const,
  mail: ["admin", "mail"] as const,
};

export type UserFilter = { q?: string; role?: Role };

/** Every account matching an email search and a role (GET /api/auth/users answers a bare array). */
export function useUsers(filter: UserFilter) {
  return useQuery({
    queryKey: userKeys.users(filter),
    queryFn: ({ signal }) => api<User[]>("/api/auth/users", { query: filter, signal }),
    placeholderData: (previous) => previous,
  });
}

/** Role, skills, availability or capacity of one account; 409 last_admin when the only admin steps down. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateUserRequest }) =>
      api<{ user: User }>(`/api/users/${id}`, { method: "PATCH", body: changes }).then((r) => r.user),
    onSuccess: (user) => showSavedUser(queryClient, user),
  });
}

export type AccountAction = "disable" | "enable" | "end-sessions";

/**
 * Disable or enable an account, or end every session it has (it is signed out everywhere at once);
 * 409 last_admin when the only admin who can sign in would be disabled.
 */
export function useAccountAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: AccountAction }) =>
      api<{ user: User }>(`/api/users/${id}/${action}`, { method: "POST" }).then((r) => r.user),
    onSuccess: (user) => showSavedUser(queryClient, user),
  });
}

/**
 * Shows the saved account at once in every list holding it, then refetches: a new role may move it
 * out of a role filter, and staff lists, skill suggestions and load figures change too.
 */
function showSavedUser(queryClient: QueryClient, user: User) {
  queryClient.setQueriesData<User[]>({ queryKey: ["users"] }, (users) =>
    users?.map((other) => (other._id === user._id ? user : other)),
  );
  const me = queryClient.getQueryData<User>(userKeys.me);
  if (me?._id === user._id) queryClient.setQueryData(userKeys.me, user);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ["users"] }),
    queryClient.invalidateQueries({ queryKey: userKeys.staff }),
    queryClient.invalidateQueries({ queryKey: userKeys.skills }),
    queryClient.invalidateQueries({ queryKey: ["stats"] }),
  ]);
}

export function useAdminStats(days: number) {
  return useQuery({
    queryKey: adminKeys.stats(days),
    queryFn: ({ signal }) => api<AdminStats>("/api/admin/stats", { query: { days }, signal }),
    placeholderData: (previous) => previous,
  });
}

/** Recent background jobs, newest first, refreshed every 5 s while `live`. */
export function useJobs({ limit = 200, live = true }: { limit?: number; live?: boolean } = {}) {
  return useQuery({
    queryKey: [...adminKeys.jobs, limit],
    queryFn: ({ signal }) =>
      api<{ jobs: JobSummary[] }>("/api/admin/jobs", { query: { limit }, signal }).then((r) => r.jobs),
    refetchInterval: live ? 5_000 : false,
  });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<MessageReply>(`/api/admin/jobs/${id}/retry`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.jobs }),
  });
}

/** The outbox, newest first: without SMTP it is the installation's mailbox. */
export function useMail(limit = 200) {
  return useQuery({
    queryKey: [...adminKeys.mail, limit],
    queryFn: ({ signal }) =>
      api<{ mail: OutboxMail[] }>("/api/admin/mail", { query: { limit }, signal }).then((r) => r.mail),
  });
}
