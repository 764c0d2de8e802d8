/**
 * The one reader of a text/event-stream (GET /api/stream) for tests, fault runs and benchmarks; the
 * browser has EventSource. eventsource-parser splits the bytes into events the way EventSource does:
 * comments (the keep-alives) and `retry:` are no events, and an event the server did not name is
 * a "message".
 */
import { createParser } from "eventsource-parser";

export type ServerSentEvent = { event: string; data: string; id?: string };

/** How a stream ended: the server closed it, `close()` did, or reading it failed. */
export type StreamEnd = { by: "server" } | { by: "close" } | { by: "error"; error: Error };

export type EventStream = {
  /** Settles, never rejects, once the stream is over. */
  ended: Promise<StreamEnd>;
  /** The same, at once: undefined while the stream is open. */
  end(): StreamEnd | undefined;
  /** Stops reading and waits until the stream is over. */
  close(): Promise<StreamEnd>;
};

/**
 * Opens `url` and calls `onEvent` for each event as it arrives (a benchmark notes the time there).
 * Rejects, with the server's answer, unless it replies 200 with text/event-stream. An exception in
 * `onEvent` ends the stream as an error.
 */
export async function openEventStream(
  url: string,
  onEvent: (event: ServerSentEvent) => void,
  { headers }: { headers?: Record<string, string> } = {},
): Promise<EventStream> {
  const closing = new AbortController();
  const response = await fetch(url, { headers, signal: closing.signal });
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !response.body || !type.startsWith("text/event-stream")) {
    const answer = await response.text();
    throw new Error(
      `GET ${new URL(url).pathname}: ${response.status} (${type || "no content-type"}) ${answer}`,
    );
  }
  const parser = createParser({
    onEvent: ({ event = "message", data, id }) => onEvent({ event, data, ...(id !== undefined && { id }) }),
  });
  let end: StreamEnd | undefined;
  const read = async (body: ReadableStream<Uint8Array>): Promise<StreamEnd> => {
    try {
      for await (const text of body.pipeThrough(new TextDecoderStream())) parser.feed(text);
      return { by: "server" };
    } catch (error) {
      return closing.signal.aborted ? { by: "close" } : { by: "error", error: error as Error };
    }
  };
  const ended = read(response.body).then((how) => {
    end = how;
    return how;
  });
  return {
    ended,
    end: () => end,
    close() {
      closing.abort();
      return ended;
    },
  };
}
