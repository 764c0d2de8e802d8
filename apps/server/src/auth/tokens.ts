import { jwtVerify, SignJWT } from "jose";

export type TokenClaims = { userId: string; tokenVersion: number };

export type TokenIssuer = {
  issue(claims: TokenClaims): Promise<string>;
  /** The claims of a valid, unexpired HS256 token of ours, or null for anything else. */
  read(token: string): Promise<TokenClaims | null>;
};

/**
 * Signs and reads HS256 tokens of one issuer. Session tokens and live-stream tokens use different
 * issuers, so neither opens what the other is for. A token's signature is checked once: its claims
 * are then remembered until it expires (a bounded set of recent tokens, oldest forgotten first),
 * since a session sends the same token with every request. Whether the session still holds is not
 * the token's to say: the caller checks the account's token version each time.
 */
export function createTokenIssuer(
  secret: string,
  ttlSeconds: number,
  issuer = "helpdesk",
  rememberedTokens = 10_000,
): TokenIssuer {
  const key = new TextEncoder().encode(secret);
  const verified = new Map<string, TokenClaims & { expiresAtMs: number }>();
  const remember = (token: string, claims: TokenClaims & { expiresAtMs: number }) => {
    verified.set(token, claims);
    if (verified.size > rememberedTokens) verified.delete(verified.keys().next().value as string);
  };
  return {
    issue: ({ userId, tokenVersion }) =>
      new SignJWT({ tv: tokenVersion })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async read(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtMs > Date.now()) return { userId: known.userId, tokenVersion: known.tokenVersion };
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer });
        if (typeof payload.sub !== "string" || typeof payload.tv !== "number") return null;
        const claims = { userId: payload.sub, tokenVersion: payload.tv };
        if (typeof payload.exp === "number") remember(token, { ...claims, expiresAtMs: payload.exp * 1000 });
        return claims;
      } catch {
        return null;
      }
    },
  };
}
