/**
 * This process just changed an account's role, token version, email or disabled state. The
 * database announces every such change to every process (the users trigger, on commit); this tells
 * the process that made it at once, so the very next request of its own sees the change too.
 */
const listeners = new Set<(userId: string) => void>();

export function announceAccountChange(userId: string): void {
  for (const listener of listeners) listener(userId);
}

/** Hears the account changes this process makes; returns the unsubscribe. */
export function onLocalAccountChange(listener: (userId: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
