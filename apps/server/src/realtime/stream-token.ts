import { createTokenIssuer, type TokenIssuer } from "../auth/tokens.ts";

export const STREAM_TOKEN_TTL_SECONDS = 60;

/** Short-lived tokens for EventSource, which cannot send an Authorization header; they open the stream only. */
export function createStreamTokens(secret: string): TokenIssuer {
  return createTokenIssuer(secret, STREAM_TOKEN_TTL_SECONDS, "helpdesk-stream");
}
