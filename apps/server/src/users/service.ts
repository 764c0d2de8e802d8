import type { Role, UpdateUserRequest, User } from "@helpdesk/contracts";
import { and, asc, eq, ilike, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { users } from "../db/schema.ts";
import { badRequest, notFound } from "../errors.ts";
import { isUuid } from "../http/ids.ts";

export type UserRow = typeof users.$inferSelect;

/** The public face of a user: never the password hash or token version. */
export function toUser(row: UserRow): User {
  return {
    _id: row.id,
    email: row.email,
    role: row.role,
    skills: row.skills,
    available: row.available,
    capacity: row.capacity,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function listUsers(db: Executor, filter: { role?: Role; q?: string } = {}): Promise<UserRow[]> {
  const conditions = [
    filter.role ? eq(users.role, filter.role) : undefined,
    filter.q ? ilike(users.email, `%${escapeLike(filter.q)}%`) : undefined,
  ];
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.createdAt), asc(users.id));
}

/** Changes what an admin may change of a user. Tokens carry no role, so a new role applies at once. */
export async function updateUser(db: Executor, id: string, changes: UpdateUserRequest): Promise<UserRow> {
  if (!isUuid(id)) throw notFound("User");
  const [row] = await db
    .update(users)
    .set({
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.skills !== undefined && { skills: changes.skills }),
      ...(changes.available !== undefined && { available: changes.available }),
      ...(changes.capacity !== undefined && { capacity: changes.capacity }),
      updatedAt: new Date(),
    })
    .where(eq(users.id, id))
    .returning();
  if (!row) throw notFound("User");
  return row;
}

export async function updateUserByEmail(
  db: Executor,
  email: string,
  changes: Pick<UpdateUserRequest, "role" | "skills">,
): Promise<UserRow> {
  const user = await findUserByEmail(db, email);
  if (!user) throw notFound("User");
  if (changes.role === undefined && changes.skills === undefined) {
    throw badRequest("Send a role or skills to change", "validation_failed");
  }
  return updateUser(db, user.id, changes);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
