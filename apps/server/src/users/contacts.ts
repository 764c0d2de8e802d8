import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { users } from "../db/schema.ts";
import type { UserRow } from "./service.ts";

/**
 * The account of someone who wrote to the help desk by mail: theirs if they have one, else a new
 * contact account (role user, no password), which cannot sign in until its owner sets a password.
 * No welcome mail: nobody signed up. Concurrent mails from one new sender make one account.
 */
export async function findOrCreateContact(tx: Executor, email: string): Promise<UserRow> {
  const address = email.trim().toLowerCase();
  await tx.insert(users).values({ email: address, passwordHash: null, role: "user" }).onConflictDoNothing();
  const [row] = await tx.select().from(users).where(sql`lower(${users.email}) = ${address}`);
  if (!row) throw new Error(`the account of ${address} vanished while it was made`);
  return row;
}
