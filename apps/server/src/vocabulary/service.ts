import type {
  CatalogueSkill,
  Category,
  CreateCategoryRequest,
  CreateSkillRequest,
  TriageSettings,
  UpdateCategoryRequest,
  UpdateSkillRequest,
} from "@helpdesk/contracts";
import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { categories, installationSettings, skillCatalogue } from "../db/schema.ts";
import { conflict, notFound } from "../errors.ts";
import {
  countTicketsByCategory,
  renameCategoryOnTickets,
  renameSkillOnTickets,
} from "../tickets/vocabulary-changes.ts";
import { relabelExamples } from "../triage/relabel.ts";
import { countAccountsBySkill, renameSkillOfAccounts } from "../users/skill-changes.ts";

/**
 * The admin-managed vocabulary: categories and the skills catalogue. Names are unique whatever
 * their case; nothing is deleted: a retired entry stays where it is used and is no longer offered.
 * A rename moves the tickets and staff that carry the old name, in the same transaction.
 */

type CategoryRow = typeof categories.$inferSelect;
type SkillRow = typeof skillCatalogue.$inferSelect;

export async function listCategories(db: Executor, { includeRetired = false } = {}): Promise<Category[]> {
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(categories)
      .where(includeRetired ? undefined : isNull(categories.retiredAt))
      .orderBy(asc(categories.position), asc(categories.name)),
    countTicketsByCategory(db),
  ]);
  return rows.map((row) => presentCategory(row, counts.get(row.name.toLowerCase()) ?? 0));
}

export async function addCategory(db: Executor, request: CreateCategoryRequest): Promise<Category> {
  const [last] = await db
    .select({ position: sql<number>`coalesce(max(${categories.position}), 0)::int` })
    .from(categories);
  const [row] = await db
    .insert(categories)
    .values({ name: request.name, position: (last?.position ?? 0) + 1 })
    .onConflictDoNothing()
    .returning();
  if (!row) throw conflict(`There is already a category “${request.name}”`, "duplicate_name");
  return presentCategory(row, 0);
}

/** Renames (moving its tickets, with an event each), retires or brings back a category. */
export async function updateCategory(
  db: Database,
  id: string,
  changes: UpdateCategoryRequest,
  actorId: string,
): Promise<Category> {
  if (!isUuid(id)) throw notFound("Category");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(categories).where(eq(categories.id, id)).for("update");
    if (!before) throw notFound("Category");
    const name = changes.name ?? before.name;
    if (name !== before.name) {
      const [taken] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(sql`lower(${categories.name}) = ${name.toLowerCase()} and ${ne(categories.id, id)}`);
      if (taken) throw conflict(`There is already a category “${name}”`, "duplicate_name");
      await renameCategoryOnTickets(tx, before.name, name, actorId);
      await relabelExamples(tx, "category", before.name, name);
    }
    const [row] = await tx
      .update(categories)
      .set({
        name,
        ...(changes.retired !== undefined && {
          retiredAt: changes.retired ? (before.retiredAt ?? new Date()) : null,
        }),
        updatedAt: new Date(),
      })
      .where(eq(categories.id, id))
      .returning();
    if (!row) throw notFound("Category");
    const counts = await countTicketsByCategory(tx);
    return presentCategory(row, counts.get(row.name.toLowerCase()) ?? 0);
  });
}

export async function listSkills(db: Executor, { includeRetired = false } = {}): Promise<CatalogueSkill[]> {
  const [rows, counts] = await Promise.all([
    db
      .select()
      .from(skillCatalogue)
      .where(includeRetired ? undefined : isNull(skillCatalogue.retiredAt))
      .orderBy(asc(skillCatalogue.name)),
    countAccountsBySkill(db),
  ]);
  return rows.map((row) => presentSkill(row, counts.get(row.name.toLowerCase()) ?? 0));
}

export async function addSkill(db: Database, request: CreateSkillRequest): Promise<CatalogueSkill> {
  return db.transaction(async (tx) => {
    await assertSpellingsFree(tx, [request.name, ...request.aliases], null);
    const [row] = await tx
      .insert(skillCatalogue)
      .values({ name: request.name, aliases: distinctSpellings(request.name, request.aliases) })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`There is already a skill “${request.name}”`, "duplicate_name");
    return presentSkill(row, 0);
  });
}

/**
 * Renames a skill (every account and ticket that carries it follows, and the old name becomes an
 * alias so what people type keeps finding it), sets its aliases, retires it or brings it back.
 */
export async function updateSkill(
  db: Database,
  id: string,
  changes: UpdateSkillRequest,
  actorId: string,
): Promise<CatalogueSkill> {
  if (!isUuid(id)) throw notFound("Skill");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('helpdesk.skill_catalogue'))`);
    const [before] = await tx.select().from(skillCatalogue).where(eq(skillCatalogue.id, id)).for("update");
    if (!before) throw notFound("Skill");
    const name = changes.name ?? before.name;
    const renamed = name !== before.name;
    const requested = changes.aliases ?? before.aliases;
    const aliases = distinctSpellings(name, renamed ? [...requested, before.name] : requested);
    await assertSpellingsFree(tx, [name, ...aliases], id);
    if (renamed) {
      await renameSkillOfAccounts(tx, before.name, name);
      await renameSkillOnTickets(tx, before.name, name, actorId);
      await relabelExamples(tx, "skill", before.name, name);
    }
    const [row] = await tx
      .update(skillCatalogue)
      .set({
        name,
        aliases,
        ...(changes.retired !== undefined && {
          retiredAt: changes.retired ? (before.retiredAt ?? new Date()) : null,
        }),
        updatedAt: new Date(),
      })
      .where(eq(skillCatalogue.id, id))
      .returning();
    if (!row) throw notFound("Skill");
    const counts = await countAccountsBySkill(tx);
    return presentSkill(row, counts.get(row.name.toLowerCase()) ?? 0);
  });
}

/** A spelling means one skill: no name or alias may be another skill's name or alias. */
async function assertSpellingsFree(tx: Executor, spellings: string[], ownId: string | null): Promise<void> {
  const others = await tx
    .select({ name: skillCatalogue.name, aliases: skillCatalogue.aliases })
    .from(skillCatalogue)
    .where(ownId ? ne(skillCatalogue.id, ownId) : undefined);
  const taken = new Map<string, string>();
  for (const other of others) {
    for (const spelling of [other.name, ...other.aliases]) taken.set(normalizeSkill(spelling), other.name);
  }
  for (const spelling of spellings) {
    const owner = taken.get(normalizeSkill(spelling));
    if (owner) {
      throw conflict(
        owner.toLowerCase() === spelling.toLowerCase()
          ? `There is already a skill “${owner}”`
          : `“${spelling}” already means the skill “${owner}”`,
        "duplicate_name",
      );
    }
  }
}

/** Aliases without the name itself or repeats (ignoring case and punctuation). */
function distinctSpellings(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([normalizeSkill(name)]);
  const kept: string[] = [];
  for (const alias of aliases) {
    const key = normalizeSkill(alias);
    if (key && !seen.has(key)) {
      seen.add(key);
      kept.push(alias);
    }
  }
  return kept;
}

function presentCategory(row: CategoryRow, tickets: number): Category {
  return {
    _id: row.id,
    name: row.name,
    position: row.position,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    tickets,
  };
}

function presentSkill(row: SkillRow, staff: number): CatalogueSkill {
  return {
    _id: row.id,
    name: row.name,
    aliases: row.aliases,
    retiredAt: row.retiredAt?.toISOString() ?? null,
    staff,
  };
}

const TRIAGE_SETTINGS_KEY = "triage";

/**
 * Out of the box a category triaged with less than even confidence waits for a person: one filed
 * wrongly and silently misleads everyone who reads the queue. Priority, type and skills are always
 * applied unless an admin says otherwise: a ticket without a priority has no due date, and routing
 * needs the skills.
 */
export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  reviewThresholds: { priority: 0, category: 0.5, type: 0, relatedSkills: 0 },
};

export async function readTriageSettings(db: Executor): Promise<TriageSettings> {
  const [row] = await db
    .select({ value: installationSettings.value })
    .from(installationSettings)
    .where(eq(installationSettings.key, TRIAGE_SETTINGS_KEY));
  const stored = row?.value as Partial<TriageSettings> | undefined;
  return {
    reviewThresholds: { ...DEFAULT_TRIAGE_SETTINGS.reviewThresholds, ...stored?.reviewThresholds },
  };
}

export async function saveTriageSettings(db: Executor, settings: TriageSettings): Promise<TriageSettings> {
  await db
    .insert(installationSettings)
    .values({ key: TRIAGE_SETTINGS_KEY, value: settings })
    .onConflictDoUpdate({
      target: installationSettings.key,
      set: { value: settings, updatedAt: new Date() },
    });
  return settings;
}
