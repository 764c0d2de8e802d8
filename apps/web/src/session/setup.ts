import type { SetupStatusReply } from "@helpdesk/contracts";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";

export const setupKey = ["setup"] as const;

/**
 * Whether the installation still needs its administrator. Asked once per visit: an installation
 * is set up only once, and the set-up screen marks it done itself.
 */
export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: ({ signal }) => api<SetupStatusReply>("/api/auth/setup", { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: 1,
  });
}
