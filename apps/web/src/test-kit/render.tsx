import type { User } from "@helpdesk/contracts";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { vi } from "vitest";
import { sessionToken } from "../api/client.ts";
import { userKeys } from "../api/users.ts";
import { SessionProvider } from "../session/session.tsx";

type Where = {
  /** Who is signed in. */
  as: User;
  /** The address the page opens at. */
  at?: string;
  /** The route pattern the page is mounted under, when it reads parameters (`/tickets/:id`). */
  route?: string;
};

/**
 * Renders a page as the app does (query cache, session, router), signed in as `as`, with a fresh
 * cache that does not retry. Returns the query client too, to act as the live stream does.
 */
export function renderPage(page: ReactNode, { as: viewer, at = "/", route }: Where) {
  sessionToken.set("test-session");
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(userKeys.me, viewer);
  const view = render(
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <MemoryRouter initialEntries={[at]}>
          {route ? (
            <Routes>
              <Route path={route} element={page} />
            </Routes>
          ) : (
            page
          )}
        </MemoryRouter>
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...view, queryClient };
}

/** After each test: unmount, put the real fetch back, forget the session. */
export function resetTestWorld() {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  localStorage.clear();
}
