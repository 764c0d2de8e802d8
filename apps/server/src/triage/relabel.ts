import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { triageExamples } from "../db/schema.ts";

/**
 * A category or skill renamed in the vocabulary is renamed in the learner's history too, so triage
 * keeps what it learned under the new name; every process's learner catches up by `updated_at`.
 */
export async function relabelExamples(
  tx: Executor,
  label: "category" | "skill",
  from: string,
  to: string,
): Promise<void> {
  const now = new Date();
  if (label === "category") {
    await tx
      .update(triageExamples)
      .set({ category: to, updatedAt: now })
      .where(sql`lower(${triageExamples.category}) = ${from.toLowerCase()}`);
    return;
  }
  await tx
    .update(triageExamples)
    .set({
      skills: sql`array(select case when lower(s) = ${from.toLowerCase()} then ${to} else s end from unnest(${triageExamples.skills}) s)`,
      updatedAt: now,
    })
    .where(
      sql`exists (select 1 from unnest(${triageExamples.skills}) s where lower(s) = ${from.toLowerCase()})`,
    );
}
