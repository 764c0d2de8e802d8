import type { Role } from "@helpdesk/contracts";
import type { FastifyRequest } from "fastify";
import { authenticate } from "../auth/service.ts";
import type { SessionCache } from "../auth/session-cache.ts";
import type { TokenIssuer } from "../auth/tokens.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { forbidden } from "../errors.ts";

declare module "fastify" {
  interface FastifyRequest {
    viewer: Viewer;
  }
}

export type Guards = {
  /** Any signed-in person; sets request.viewer. */
  signedIn: (request: FastifyRequest) => Promise<void>;
  /** Signed in with one of these roles. */
  role: (...roles: Role[]) => (request: FastifyRequest) => Promise<void>;
};

export function createGuards(db: Database, tokens: TokenIssuer, sessions: SessionCache): Guards {
  const signedIn = async (request: FastifyRequest) => {
    request.viewer = await authenticate(db, tokens, sessions, tokenOf(request));
  };
  return {
    signedIn,
    role:
      (...roles) =>
      async (request) => {
        await signedIn(request);
        if (!roles.includes(request.viewer.role)) throw forbidden("Your role does not allow this");
      },
  };
}

/**
 * Only a bearer header: a browser never sends it on its own, so no cross-site request can act as
 * the user (the live stream, which cannot send headers, uses short-lived stream tokens instead).
 */
function tokenOf(request: FastifyRequest): string | undefined {
  const [scheme, token] = (request.headers.authorization ?? "").split(" ");
  return scheme?.toLowerCase() === "bearer" && token ? token.trim() : undefined;
}
