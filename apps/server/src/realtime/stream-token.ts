import { jwtVerify, SignJWT } from "jose";

/** A different issuer from session tokens: a stream token opens the stream and nothing else. */
const ISSUER = "helpdesk-stream";
export const STREAM_TOKEN_TTL_SECONDS = 60;

export type StreamTokens = {
  issue(claims: { userId: string; tokenVersion: number }): Promise<string>;
  read(token: string): Promise<{ userId: string; tokenVersion: number } | null>;
};

/** Short-lived tokens for EventSource, which cannot send an Authorization header. */
export function createStreamTokens(secret: string): StreamTokens {
  const key = new TextEncoder().encode(secret);
  return {
    issue: ({ userId, tokenVersion }) =>
      new SignJWT({ tv: tokenVersion })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(`${STREAM_TOKEN_TTL_SECONDS}s`)
        .sign(key),
    async read(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: ISSUER });
        if (typeof payload.sub !== "string" || typeof payload.tv !== "number") return null;
        return { userId: payload.sub, tokenVersion: payload.tv };
      } catch {
        return null;
      }
    },
  };
}
