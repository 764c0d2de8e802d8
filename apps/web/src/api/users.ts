import type { StaffMember, User } from "@helpdesk/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.ts";

export const userKeys = {
  me: ["me"] as const,
  staff: ["staff"] as const,
  skills: ["skills"] as const,
  users: (filter: { q?: string; role?: string }) => ["users", filter] as const,
};

/** Moderators and admins with their open tickets: who a ticket can be assigned to. */
export function useStaff(enabled = true) {
  return useQuery({
    queryKey: userKeys.staff,
    queryFn: ({ signal }) =>
      api<{ users: StaffMember[] }>("/api/users/staff", { signal }).then((r) => r.users),
    enabled,
    staleTime: 30_000,
  });
}

/** Skill names to suggest: the installation's own spellings, then the built-in lexicon. */
export function useKnownSkills(enabled = true) {
  return useQuery({
    queryKey: userKeys.skills,
    queryFn: ({ signal }) => api<{ skills: string[] }>("/api/users/skills", { signal }).then((r) => r.skills),
    enabled,
    staleTime: 60_000,
  });
}

/** A moderator's or admin's own availability: unavailable staff get no new tickets. */
export function useSetOwnAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (available: boolean) =>
      api<{ user: User }>("/api/users/me", { method: "PATCH", body: { available } }).then((r) => r.user),
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.me, user);
      return queryClient.invalidateQueries({ queryKey: userKeys.staff });
    },
  });
}
