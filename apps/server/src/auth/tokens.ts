import { jwtVerify, SignJWT } from "jose";

export type TokenClaims = { userId: string; tokenVersion: number };

export type TokenIssuer = {
  issue(claims: TokenClaims): Promise<string>;
  /** The claims of a valid, unexpired HS256 token of ours, or null for anything else. */
  read(token: string): Promise<TokenClaims | null>;
};

/**
 * Signs and reads HS256 tokens of one issuer. Session tokens and live-stream tokens use different
 * issuers, so neither opens what the other is for.
 */
export function createTokenIssuer(secret: string, ttlSeconds: number, issuer = "helpdesk"): TokenIssuer {
  const key = new TextEncoder().encode(secret);
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
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer });
        if (typeof payload.sub !== "string" || typeof payload.tv !== "number") return null;
        return { userId: payload.sub, tokenVersion: payload.tv };
      } catch {
        return null;
      }
    },
  };
}
