/**
 * Fills a fresh, migrated database with people and tickets as fast as PostgreSQL takes them:
 * the tables' secondary indexes are dropped, the tickets streamed in with COPY, and the indexes
 * built again from their own definitions, so the schema ends exactly as the migrations made it.
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { hashPassword } from "../../apps/server/src/auth/passwords.ts";
import { createProgressBar } from "../../apps/server/src/triage/progress-bar.ts";
import {
  createRandom,
  type Person,
  SKILLS,
  TICKET_COLUMNS,
  type TicketWorld,
  ticketLines,
} from "./generate.ts";

export const PASSWORD = "scale-benchmark-password";
export const DOMAIN = "scale.example";

/** The people of the installation; every one signs in with PASSWORD. */
export async function insertPeople(
  client: pg.Client,
  counts: { users: number; moderators: number; admins: number },
): Promise<{ requesters: Person[]; staff: Person[] }> {
  const random = createRandom(7);
  const admins = Array.from({ length: counts.admins }, (_, index) =>
    person(`admin${index + 1}`, "admin", pickSkills(random)),
  );
  const moderators = Array.from({ length: counts.moderators }, (_, index) =>
    // Every skill is someone's: moderator i always has skill i.
    person(`moderator${index + 1}`, "moderator", [
      ...new Set([SKILLS[index % SKILLS.length] as string, ...pickSkills(random)]),
    ]),
  );
  const requesters = Array.from({ length: counts.users }, (_, index) =>
    person(`user${String(index + 1).padStart(3, "0")}`, "user", []),
  );
  const everyone = [...admins, ...moderators, ...requesters];
  // One hash for all: argon2id takes ~50 ms on purpose, and the password is the same.
  const passwordHash = await hashPassword(PASSWORD);
  await client.query(
    `insert into users (id, email, password_hash, role, skills)
     select id, email, $2, role, skills
     from jsonb_to_recordset($1::jsonb) as people(id uuid, email text, role text, skills text[])`,
    [JSON.stringify(everyone), passwordHash],
  );
  return { requesters, staff: [...admins, ...moderators] };
}

function person(name: string, role: Person["role"], skills: string[]): Person {
  return { id: randomUUID(), email: `${name}@${DOMAIN}`, role, skills };
}

function pickSkills(random: ReturnType<typeof createRandom>): string[] {
  return [...new Set(Array.from({ length: 1 + random.int(3) }, () => random.pick(SKILLS)))];
}

/** Streams every ticket through COPY with a progress bar on stderr; indexes are built afterwards. */
export async function copyTickets(client: pg.Client, world: TicketWorld): Promise<void> {
  const batchSize = 1000;
  const progress = createProgressBar("tickets");
  let done = 0;
  const batches = Readable.from(
    (function* () {
      for (const batch of ticketLines(world, batchSize)) {
        yield batch;
        done = Math.min(done + batchSize, world.total);
        progress.update(done, world.total);
      }
    })(),
  );
  const copy = client.query(copyFrom(`copy tickets (${TICKET_COLUMNS.join(", ")}) from stdin`));
  await pipeline(batches, copy);
  progress.finish();
}

/**
 * The history the app would have written: "created" for every ticket, "assigned" for those that
 * routing placed, and the move to RESOLVED. Oldest first, so the sequence follows time.
 */
export async function insertEvents(client: pg.Client): Promise<void> {
  await client.query(
    `insert into ticket_events (ticket_id, actor_id, kind, data, created_at)
     select ticket_id, actor_id, kind, data, created_at from (
       select id as ticket_id, created_by as actor_id, 'created' as kind,
              jsonb_build_object('number', number) as data, created_at
       from tickets
       union all
       select id, null, 'assigned',
              assignment || jsonb_build_object('from', null, 'to', assigned_to),
              (assignment ->> 'decidedAt')::timestamptz
       from tickets where assignment is not null
       union all
       select id, assigned_to, 'status_changed',
              jsonb_build_object('from', 'IN_PROGRESS', 'to', 'RESOLVED', 'resolution', resolution),
              resolved_at
       from tickets where resolved_at is not null
     ) as history
     order by created_at`,
  );
}

/** Drops a table's indexes that no constraint owns and returns the statements that make them again. */
export async function dropSecondaryIndexes(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where schemaname = 'public' and tablename = $1
       and indexname not in (select conname from pg_constraint)`,
    [table],
  );
  for (const { name } of rows) await client.query(`drop index "${name}"`);
  return rows.map((row) => row.definition);
}

export async function createIndexes(client: pg.Client, definitions: string[]): Promise<void> {
  await client.query("set maintenance_work_mem = '1GB'");
  for (const definition of definitions) await client.query(definition);
}
