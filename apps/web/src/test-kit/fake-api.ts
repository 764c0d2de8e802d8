import { vi } from "vitest";

/** A request the page sent: `path` without the query string, `url` with it. */
export type SentRequest = {
  method: string;
  path: string;
  url: string;
  query: URLSearchParams;
  body: unknown;
};
export type Reply = { status?: number; body?: unknown };
/** A fixed reply, or one computed from the request (to answer by query or body, or to change state). */
export type Route = Reply | ((request: SentRequest) => Reply);

/**
 * Stands in for the server: `fetch` answers from a route table keyed by method and path
 * (`"GET /api/tickets/t1"`, query strings aside) and remembers every request, so a test states what
 * the server says and checks what the page asked. A request no route knows is answered 404 with a
 * message naming it. Undo with `vi.unstubAllGlobals()` (`resetTestWorld` does).
 */
export function fakeApi(routes: Record<string, Route> = {}) {
  const table = new Map(Object.entries(routes));
  const calls: SentRequest[] = [];

  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://localhost");
      const method = init.method ?? "GET";
      const request: SentRequest = {
        method,
        path: url.pathname,
        url: url.pathname + url.search,
        query: url.searchParams,
        body:
          typeof init.body === "string"
            ? JSON.parse(init.body)
            : init.body instanceof FormData
              ? init.body
              : undefined,
      };
      calls.push(request);
      const route = table.get(`${method} ${url.pathname}`);
      const reply = typeof route === "function" ? route(request) : route;
      const { status = 200, body } = reply ?? {
        status: 404,
        body: { message: `The fake API has no route for ${method} ${url.pathname}`, error: "not_found" },
      };
      // A Blob is a file the server sends (an attachment download); anything else is JSON.
      if (body instanceof Blob) return new Response(body, { status, headers: { "content-type": body.type } });
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
      });
    }),
  );

  return {
    calls,
    /** Adds or replaces a route: what the server says from now on. */
    route(key: string, route: Route) {
      table.set(key, route);
    },
    /** The bodies sent to one route (`"PATCH /api/tickets/t1"`), oldest first. */
    sentTo(key: string): unknown[] {
      return calls.filter((call) => `${call.method} ${call.path}` === key).map((call) => call.body);
    },
  };
}

export type FakeApi = ReturnType<typeof fakeApi>;
