import { randomUUID } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import { jwtVerify, SignJWT } from "jose";
import type { TokenClaims } from "../auth/tokens.ts";
import type { Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { streamTokenUses } from "../db/schema.ts";

export const STREAM_TOKEN_TTL_SECONDS = 60;
const ISSUER = "helpdesk-stream";
/** Spent tokens past their expiry are deleted at most this often per process. */
const CLEAN_UP_EVERY_MS = 60_000;

export type StreamTokens = {
  issue(claims: TokenClaims): Promise<string>;
  /**
   * The claims of a valid, unexpired stream token that has opened no stream yet, which it now has
   * (on any server: the use is stored); null for anything else, a second use included.
   */
  redeem(db: Executor, token: string): Promise<TokenClaims | null>;
};

/**
 * Short-lived, single-use tokens for EventSource, which cannot send an Authorization header: they
 * open one stream and nothing else (their own issuer, so no session token opens a stream and no
 * stream token is a session). A stream token sits in a URL, where proxies log it; once used it is
 * worth nothing.
 */
export function createStreamTokens(secret: string): StreamTokens {
  const key = new TextEncoder().encode(secret);
  let lastCleanUp = 0;
  const cleanUp = async (db: Executor) => {
    if (Date.now() - lastCleanUp < CLEAN_UP_EVERY_MS) return;
    lastCleanUp = Date.now();
    await db.delete(streamTokenUses).where(lt(streamTokenUses.expiresAt, sql`now()`));
  };
  return {
    issue: ({ userId, tokenVersion }) =>
      new SignJWT({ tv: tokenVersion })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${STREAM_TOKEN_TTL_SECONDS}s`)
        .sign(key),
    async redeem(db, token) {
      let claims: TokenClaims & { tokenId: string; expiresAt: Date };
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: ISSUER });
        const { sub, tv, jti, exp } = payload;
        if (typeof sub !== "string" || typeof tv !== "number" || !jti || !isUuid(jti) || !exp) return null;
        claims = { userId: sub, tokenVersion: tv, tokenId: jti, expiresAt: new Date(exp * 1000) };
      } catch {
        return null;
      }
      await cleanUp(db);
      const [first] = await db
        .insert(streamTokenUses)
        .values({ tokenId: claims.tokenId, expiresAt: claims.expiresAt })
        .onConflictDoNothing()
        .returning({ tokenId: streamTokenUses.tokenId });
      return first ? { userId: claims.userId, tokenVersion: claims.tokenVersion } : null;
    },
  };
}
