import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventStream, type ServerSentEvent } from "./sse-reader.ts";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url !== "/stream") {
      response.writeHead(401, { "content-type": "application/json" }).end('{"error":"Unauthorized"}');
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
    // Split mid-event and mid-line, CRLF and LF mixed, a keep-alive comment and a retry in between.
    const chunks = [
      "retry: 3000\r\n\r\nevent: rea",
      'dy\ndata: {}\n\n: keep-alive\n\ndata: {"a":',
      "1}\r\nid: 7\r\n\r\n",
    ];
    for (const chunk of chunks) response.write(chunk);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("reading a text/event-stream", () => {
  it("hands over whole events however the bytes arrive, and says the server ended the stream", async () => {
    const events: ServerSentEvent[] = [];
    const stream = await openEventStream(`${base}/stream`, (event) => events.push(event));
    expect(await stream.ended).toEqual({ by: "server" });
    expect(events).toEqual([
      { event: "ready", data: "{}" },
      { event: "message", data: '{"a":1}', id: "7" },
    ]);
  });

  it("refuses an answer that is no event stream, with what the server said", async () => {
    await expect(openEventStream(`${base}/other?token=secret`, () => {})).rejects.toThrow(
      'GET /other: 401 (application/json) {"error":"Unauthorized"}',
    );
  });
});
