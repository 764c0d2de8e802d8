import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database, Executor } from "../db/client.ts";
import { idempotencyKeys } from "../db/schema.ts";
import { AppError, badRequest } from "../errors.ts";

/** How long a key keeps its first reply; a key used again after that starts afresh. */
const WINDOW_HOURS = 24;
/** Keys past the window are deleted at most this often per process. */
const CLEAN_UP_EVERY_MS = 60 * 60_000;
const KEY = /^[\x20-\x7e]{1,255}$/;

export type CreatedReply = { status: number; body: unknown };

export const IDEMPOTENCY_DESCRIPTION =
  "Send an `Idempotency-Key` header (any 1-255 printable characters, say a UUID) to make a retry safe: " +
  `the same key from the same account within ${WINDOW_HOURS} hours gets the first reply again ` +
  "(with `Idempotent-Replayed: true`) and creates nothing; the same key with another request is 422.";

let lastCleanUp = 0;

/**
 * Runs `create`, which makes something and returns the reply, at most once per account and
 * `Idempotency-Key` header: a replay (a client retrying after a lost reply, a double click, ten
 * identical requests at once) gets the first reply again and makes no second row or mail.
 *
 * The key is claimed inside the transaction that creates, first thing: a concurrent request with the
 * same key waits on the key's row until that transaction ends, then finds the reply stored (or, if
 * it rolled back, claims the key itself). So the key exists if and only if what it created does,
 * on PostgreSQL and PGlite alike. A request without the header is simply run.
 */
export async function createOnce(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  create: (tx: Executor) => Promise<CreatedReply>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  if (key === undefined) {
    const created = await create(db);
    return reply.status(created.status).send(created.body);
  }
  cleanUpOldKeys(db, request);
  const userId = request.viewer.id;
  const fingerprint = fingerprintOf(request);
  const thisKey = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  const outcome = await db.transaction(async (tx) => {
    // A key older than the window is taken over as if new.
    const [claimed] = await tx
      .insert(idempotencyKeys)
      .values({ userId, key, fingerprint })
      .onConflictDoUpdate({
        target: [idempotencyKeys.userId, idempotencyKeys.key],
        set: { fingerprint, status: null, reply: null, createdAt: sql`now()` },
        setWhere: lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${WINDOW_HOURS})`),
      })
      .returning({ key: idempotencyKeys.key });
    if (!claimed) {
      const [stored] = await tx.select().from(idempotencyKeys).where(thisKey);
      return { stored };
    }
    const created = await create(tx);
    await tx.update(idempotencyKeys).set({ status: created.status, reply: created.body }).where(thisKey);
    return { created };
  });
  if (outcome.created) return reply.status(outcome.created.status).send(outcome.created.body);
  const { stored } = outcome;
  if (!stored || stored.status === null) {
    // Not reachable: the row is written with its reply in one transaction. Said plainly if it is.
    throw new AppError(409, "idempotency_key_in_use", "A request with this Idempotency-Key is still running");
  }
  if (stored.fingerprint !== fingerprint) {
    throw new AppError(
      422,
      "idempotency_key_reused",
      "This Idempotency-Key was sent with another request; use a new key for a new request",
    );
  }
  return reply.status(stored.status).header("idempotent-replayed", "true").send(stored.reply);
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers["idempotency-key"];
  if (header === undefined) return undefined;
  if (typeof header !== "string" || !KEY.test(header)) {
    throw badRequest(
      "Idempotency-Key: send one key of 1 to 255 printable ASCII characters",
      "invalid_idempotency_key",
    );
  }
  return header;
}

/**
 * The request a key stands for: method, path and the body as the route's schema read it, and the
 * name and content of each file a form carried (so other files under the same key are another request).
 */
function fingerprintOf(request: FastifyRequest): string {
  const path = request.url.split("?")[0];
  const hash = createHash("sha256").update(
    `${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`,
  );
  for (const file of request.uploadedFiles ?? []) {
    hash.update(
      `\n${JSON.stringify(file.name)} ${createHash("sha256").update(file.bytes).digest("base64url")}`,
    );
  }
  return hash.digest("base64url");
}

function cleanUpOldKeys(db: Executor, request: FastifyRequest): void {
  if (Date.now() - lastCleanUp < CLEAN_UP_EVERY_MS) return;
  lastCleanUp = Date.now();
  db.delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${WINDOW_HOURS})`))
    .catch((error: unknown) => request.log.warn({ err: error }, "old idempotency keys were not deleted"));
}
