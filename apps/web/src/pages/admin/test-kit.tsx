import type { User } from "@helpdesk/contracts";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { sessionToken } from "../../api/client.ts";
import { userKeys } from "../../api/users.ts";
import { SessionProvider } from "../../session/session.tsx";

export const admin: User = {
  _id: "u-admin",
  email: "admin@example.com",
  role: "admin",
  skills: [],
  available: true,
  capacity: 10,
  createdAt: "2026-01-01T00:00:00.000Z",
};

type Reply = { status?: number; body: unknown };
type Route = (request: { method: string; url: URL; body: unknown }) => Reply | undefined;

/**
 * Answers the page's API calls from `route` (404 for anything it does not know) and records them,
 * so a test states what the server says and checks what the page asked.
 */
export function fakeServer(route: Route) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const method = init.method ?? "GET";
    const body = typeof init.body === "string" ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname + url.search, body });
    const reply = route({ method, url, body }) ?? {
      status: 404,
      body: { message: "Not found", error: "not_found" },
    };
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetch);
  return { calls };
}

/** Renders an admin page signed in as `admin`, at `path`, with a fresh query cache. */
export function renderAdminPage(page: ReactNode, path = "/admin") {
  sessionToken.set("test-session");
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(userKeys.me, admin);
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>{page}</MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
}
