import type { AuthReply, LoginRequest, SignupRequest, User } from "@helpdesk/contracts";
import { STAFF_ROLES } from "@helpdesk/contracts/constants";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, use, useCallback, useEffect, useMemo, useState } from "react";
import { api, handleSessionExpiry, sessionToken } from "../api/client.ts";
import { userKeys } from "../api/users.ts";

type Session = {
  /** The signed-in person, or null when nobody is; undefined while it is being checked. */
  user: User | null | undefined;
  signIn(credentials: LoginRequest): Promise<User>;
  signUp(details: SignupRequest): Promise<User>;
  signOut(): Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(sessionToken.get);

  const me = useQuery({
    queryKey: userKeys.me,
    queryFn: ({ signal }) => api<{ user: User }>("/api/auth/me", { signal }).then((r) => r.user),
    enabled: token !== null,
    staleTime: 60_000,
    retry: (failures, error) => failures < 2 && !("status" in error && error.status === 401),
  });

  const forget = useCallback(() => {
    sessionToken.clear();
    setToken(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => handleSessionExpiry(forget), [forget]);

  const start = useCallback(
    (reply: AuthReply) => {
      queryClient.clear();
      sessionToken.set(reply.token);
      queryClient.setQueryData(userKeys.me, reply.user);
      setToken(reply.token);
      return reply.user;
    },
    [queryClient],
  );

  const value = useMemo<Session>(
    () => ({
      user: token === null ? null : me.isError ? null : me.data,
      signIn: (credentials) =>
        api<AuthReply>("/api/auth/login", { method: "POST", body: credentials }).then(start),
      signUp: (details) => api<AuthReply>("/api/auth/signup", { method: "POST", body: details }).then(start),
      signOut: async () => {
        // Ends every session of the account on the server; forget locally even if that call fails.
        await api("/api/auth/logout", { method: "POST" }).catch(() => {});
        forget();
      },
    }),
    [token, me.data, me.isError, start, forget],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error("useSession needs a SessionProvider above it");
  return session;
}

/** The signed-in user; only for pages behind RequireSession. */
export function useCurrentUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useCurrentUser is for signed-in pages");
  return user;
}

/** Moderators and admins: they work tickets. Takes any role name, as comment authors carry one. */
export const isStaff = (user: { role: string }): boolean =>
  (STAFF_ROLES as readonly string[]).includes(user.role);
