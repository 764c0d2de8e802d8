import type { Priority } from "@helpdesk/contracts";

/** Seconds a ticket of each priority may stay open. */
export type SlaTargets = Record<Priority, number>;

/** When a ticket filed at `createdAt` with this priority is due; null while it has no priority. */
export function dueDateFor(createdAt: Date, priority: Priority | null, targets: SlaTargets): Date | null {
  if (!priority) return null;
  return new Date(createdAt.getTime() + targets[priority] * 1000);
}
