import type {
  CatalogueSkill,
  Category,
  CreateSkillRequest,
  TriageSettings,
  UpdateCategoryRequest,
  UpdateSkillRequest,
  VocabularyReply,
} from "@helpdesk/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client.ts";
import { userKeys } from "./users.ts";

/** Vocabulary query keys; a change to either list also refreshes the suggestions staff screens use. */
export const vocabularyKeys = {
  all: ["vocabulary"] as const,
  offered: ["vocabulary", "offered"] as const,
  categories: ["vocabulary", "categories"] as const,
  skills: ["vocabulary", "skills"] as const,
  triageSettings: ["vocabulary", "triage-settings"] as const,
};

/** The active categories and catalogue skills: what staff screens offer. */
export function useVocabulary(enabled = true) {
  return useQuery({
    queryKey: vocabularyKeys.offered,
    queryFn: ({ signal }) => api<VocabularyReply>("/api/vocabulary", { signal }),
    enabled,
    staleTime: 60_000,
  });
}

/** Every category, retired ones too (the admin's page). */
export function useAdminCategories() {
  return useQuery({
    queryKey: vocabularyKeys.categories,
    queryFn: ({ signal }) =>
      api<{ categories: Category[] }>("/api/admin/categories", { query: { include: "all" }, signal }).then(
        (r) => r.categories,
      ),
  });
}

/** Every catalogue skill, retired ones too (the admin's page). */
export function useAdminSkills() {
  return useQuery({
    queryKey: vocabularyKeys.skills,
    queryFn: ({ signal }) =>
      api<{ skills: CatalogueSkill[] }>("/api/admin/skills", { query: { include: "all" }, signal }).then(
        (r) => r.skills,
      ),
  });
}

function useRefreshVocabulary() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: vocabularyKeys.all }),
      queryClient.invalidateQueries({ queryKey: userKeys.skills }),
      // A rename moves tickets and staff: their lists show the new name.
      queryClient.invalidateQueries({ queryKey: ["tickets"] }),
      queryClient.invalidateQueries({ queryKey: ["ticket"] }),
      queryClient.invalidateQueries({ queryKey: ["users"] }),
    ]);
}

export function useAddCategory() {
  const refresh = useRefreshVocabulary();
  return useMutation({
    mutationFn: (name: string) =>
      api<{ category: Category }>("/api/admin/categories", { method: "POST", body: { name } }).then(
        (r) => r.category,
      ),
    onSuccess: refresh,
  });
}

export function useUpdateCategory() {
  const refresh = useRefreshVocabulary();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateCategoryRequest }) =>
      api<{ category: Category }>(`/api/admin/categories/${id}`, { method: "PATCH", body: changes }).then(
        (r) => r.category,
      ),
    onSuccess: refresh,
  });
}

/** Adds a skill to the catalogue: the admin page, and the choice a skills box offers for an unknown one. */
export function useAddSkill() {
  const refresh = useRefreshVocabulary();
  return useMutation({
    mutationFn: (skill: CreateSkillRequest) =>
      api<{ skill: CatalogueSkill }>("/api/admin/skills", { method: "POST", body: skill }).then(
        (r) => r.skill,
      ),
    onSuccess: refresh,
  });
}

export function useUpdateSkill() {
  const refresh = useRefreshVocabulary();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateSkillRequest }) =>
      api<{ skill: CatalogueSkill }>(`/api/admin/skills/${id}`, { method: "PATCH", body: changes }).then(
        (r) => r.skill,
      ),
    onSuccess: refresh,
  });
}

export function useTriageSettings() {
  return useQuery({
    queryKey: vocabularyKeys.triageSettings,
    queryFn: ({ signal }) => api<TriageSettings>("/api/admin/settings/triage", { signal }),
  });
}

export function useSaveTriageSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: TriageSettings) =>
      api<TriageSettings>("/api/admin/settings/triage", { method: "PUT", body: settings }),
    onSuccess: (settings) => queryClient.setQueryData(vocabularyKeys.triageSettings, settings),
  });
}
