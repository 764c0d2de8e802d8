import type { Role } from "@helpdesk/contracts";

/** What authenticating a request needs to know of its account. */
export type SessionAccount = {
  id: string;
  email: string;
  role: Role;
  tokenVersion: number;
  disabled: boolean;
};

export type SessionCache = {
  get(userId: string): SessionAccount | undefined;
  set(account: SessionAccount): void;
  /** This account changed (a role, a token version, a disable): read it afresh next time. */
  forget(userId: string): void;
  /** Changes may have been missed (the database connection was lost): read every account afresh. */
  clear(): void;
};

/**
 * The accounts requests were recently authenticated as, so a request costs no query for its
 * account. Never the source of truth: every change to an account's role, token version, email or
 * disabled state is announced by the database (the users trigger, on every process) and forgets
 * the entry; this process's own writes forget it before they answer. Bounded: the oldest entry
 * goes first when full.
 */
export function createSessionCache(maxEntries = 10_000): SessionCache {
  const accounts = new Map<string, SessionAccount>();
  return {
    get: (userId) => accounts.get(userId),
    set(account) {
      accounts.delete(account.id);
      accounts.set(account.id, account);
      if (accounts.size > maxEntries) accounts.delete(accounts.keys().next().value as string);
    },
    forget: (userId) => void accounts.delete(userId),
    clear: () => accounts.clear(),
  };
}
