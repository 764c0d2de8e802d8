import type { Server } from "node:http";
import type { Socket } from "node:net";

/** Headers are a few hundred bytes: a client still sending them after this is stalling. */
const HEADERS_TIMEOUT_MS = 15_000;
/** A socket with nothing read or written for this long is closed (a client that stopped reading). */
const IDLE_TIMEOUT_MS = 120_000;
/** Longer than the 60 s idle time-out of common proxies and load balancers, so they close first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * The time-outs that stop slow clients from holding connections for ever (a body sent a byte every
 * few seconds, headers never finished), as Fastify's options. Fastify turns Node's request time-out
 * off by default; Node checks these every `connectionsCheckingInterval`, 30 s by default, so a
 * stalled client would keep its socket for up to twice the time-out.
 */
export function serverTimeouts(requestTimeoutMs: number) {
  const headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs);
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: IDLE_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout,
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(headersTimeout / 2))),
    },
  };
}

/**
 * Closes a new connection at once when its client address already holds `perClient` (0: no cap),
 * so one client cannot take every file descriptor the process has. Behind a proxy every connection
 * comes from the proxy, which must set such limits itself (the config turns the cap off there).
 */
export function limitConnectionsPerClient(server: Server, perClient: number): void {
  if (perClient <= 0) return;
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address) return;
    const count = open.get(address) ?? 0;
    if (count >= perClient) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
