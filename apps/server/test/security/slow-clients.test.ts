import { connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestApp, type Session, type TestApp } from "../harness.ts";
import { waitFor } from "../wait-for.ts";

/**
 * Clients that hold connections without finishing their requests (a body sent a byte at a time,
 * headers never ended) or open too many: on real sockets, with a one-second request time-out.
 */

let t: TestApp;
let port: number;
let session: Session;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ REQUEST_TIMEOUT: "1s", CONNECTIONS_PER_CLIENT: "3" });
  session = await t.signUp();
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  port = (t.app.server.address() as { port: number }).port;
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});
afterAll(() => t.close());

type Connection = { socket: Socket; received: () => string; closed: () => boolean };

/** A raw TCP connection to the server, from `localAddress` (any 127.x.y.z is this machine). */
async function open(localAddress = "127.0.0.1"): Promise<Connection> {
  const socket = connect({ port, host: "127.0.0.1", localAddress });
  sockets.push(socket);
  let received = "";
  let closed = false;
  socket.on("data", (chunk) => {
    received += chunk.toString();
  });
  socket.on("error", () => {});
  socket.on("close", () => {
    closed = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { socket, received: () => received, closed: () => closed };
}

/** Writes one byte every 100 ms until the connection closes. */
function trickle(connection: Connection, byte: string): void {
  const timer = setInterval(() => {
    if (connection.closed()) clearInterval(timer);
    else connection.socket.write(byte);
  }, 100);
  connection.socket.once("close", () => clearInterval(timer));
}

const postHeaders = () =>
  [
    "POST /api/tickets HTTP/1.1",
    "Host: localhost",
    `Authorization: Bearer ${session.token}`,
    "Content-Type: application/json",
    "Content-Length: 100000",
    "",
    "",
  ].join("\r\n");

async function healthz(localAddress: string): Promise<string> {
  const connection = await open(localAddress);
  connection.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  await waitFor(() => connection.closed(), { what: "the health check's reply", timeoutMs: 5_000 });
  return connection.received();
}

describe("a slow client", () => {
  it("sending its body a byte at a time is cut off with 408 once the request time-out passes", async () => {
    const started = Date.now();
    const connection = await open();
    connection.socket.write(`${postHeaders()}{"title":"`);
    trickle(connection, "a");
    await waitFor(() => connection.closed(), {
      what: "the server to close the connection",
      timeoutMs: 5_000,
    });
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("never finishing its headers is cut off too", async () => {
    const connection = await open();
    connection.socket.write("GET /api/tickets HTTP/1.1\r\nHost: localhost\r\n");
    trickle(connection, "x");
    await waitFor(() => connection.closed(), {
      what: "the server to close the connection",
      timeoutMs: 5_000,
    });
  });

  it("that goes away mid-body is not logged as the database being unavailable", async () => {
    const warn = vi.spyOn(t.app.log, "warn");
    const error = vi.spyOn(t.app.log, "error");
    const debug = vi.spyOn(t.app.log, "debug");
    try {
      const connection = await open();
      connection.socket.write(`${postHeaders()}{"title":"half a body`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      connection.socket.destroy();
      await waitFor(() => warn.mock.calls.length + error.mock.calls.length + debug.mock.calls.length > 0, {
        what: "the server to notice",
      });
      const said = [...warn.mock.calls, ...error.mock.calls].map((call) => String(call.at(-1)));
      expect(said).toEqual([]);
      expect(debug.mock.calls.map((call) => String(call.at(-1)))).toContain(
        "the client closed the connection before its request was read",
      );
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("connections per client address", () => {
  it("are capped: one more is closed at once, other addresses carry on, and a closed one frees a place", async () => {
    // Connections of the tests before, closed by their clients, may still count for a moment.
    await waitFor(
      () =>
        new Promise<boolean>((resolve) =>
          t.app.server.getConnections((_error, count) => resolve(count === 0)),
        ),
      { what: "earlier connections to close" },
    );
    const held = [await open(), await open(), await open()];
    const extra = await open();
    await waitFor(() => extra.closed(), { what: "the extra connection to be closed", timeoutMs: 2_000 });
    expect(extra.received()).toBe("");
    expect(held.some((connection) => connection.closed())).toBe(false);

    expect(await healthz("127.0.0.2")).toMatch(/^HTTP\/1\.1 200 /);

    held[0]?.socket.destroy();
    await waitFor(() => held[0]?.closed());
    // The server hears the close a moment after the client made it.
    await waitFor(async () => /^HTTP\/1\.1 200 /.test(await healthz("127.0.0.1")), {
      what: "a place to come free",
      timeoutMs: 2_000,
    });
  });
});
