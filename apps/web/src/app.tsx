import type { Role } from "@helpdesk/contracts";
import { STAFF_ROLES } from "@helpdesk/contracts/constants";
import { lazy, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/layout.tsx";
import { Loading } from "./components/states.tsx";
import { useLiveUpdates } from "./live/live-updates.ts";
import { NotFoundPage } from "./pages/not-found.tsx";
import { QueuePage } from "./pages/queue.tsx";
import { SetupPage } from "./pages/setup.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { SignUpPage } from "./pages/sign-up.tsx";
import { TicketsPage } from "./pages/tickets.tsx";
import { useSession } from "./session/session.tsx";
import { useSetupStatus } from "./session/setup.ts";

// The ticket page carries the markdown renderer and the admin pages the charts library: each is
// loaded when first opened, so sign-in and the ticket list start fast.
const TicketPage = lazy(() =>
  import("./pages/ticket.tsx").then((module) => ({ default: module.TicketPage })),
);
const DashboardPage = lazy(() => import("./pages/admin/dashboard.tsx"));
const UsersPage = lazy(() => import("./pages/admin/users.tsx"));
const JobsPage = lazy(() => import("./pages/admin/jobs.tsx"));
const MailboxPage = lazy(() => import("./pages/admin/mailbox.tsx"));
const InboundPage = lazy(() => import("./pages/admin/inbound.tsx"));
const CategoriesPage = lazy(() => import("./pages/admin/categories.tsx"));
const SkillsPage = lazy(() => import("./pages/admin/skills.tsx"));

/** Signed-in pages: sends visitors to sign in (and back afterwards); checks the role when one is named. */
function RequireSession({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading what="Checking your session" />;
  if (user === null)
    return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.role)) return <NotFoundPage />;
  return children;
}

/**
 * Sign-in and sign-up are for visitors; someone signed in goes on to the page that sent them to sign
 * in (a link to a ticket survives signing in), or to their tickets. A new installation sends every
 * visitor to its set-up screen until the administrator exists, and the set-up screen away after.
 */
function VisitorsOnly({ setup = false, children }: { setup?: boolean; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  const status = useSetupStatus();
  if (user === undefined || status.isPending) return <Loading what="Checking your session" />;
  const from = (location.state as { from?: string } | null)?.from;
  if (user) return <Navigate to={from?.startsWith("/") ? from : "/tickets"} replace />;
  const needsSetup = status.data?.needsSetup === true;
  if (needsSetup && !setup) return <Navigate to="/setup" replace state={location.state} />;
  if (!needsSetup && setup) return <Navigate to="/signin" replace />;
  return children;
}

function SignedInFrame() {
  const { user } = useSession();
  const live = useLiveUpdates(Boolean(user));
  return (
    <RequireSession>
      <Layout live={live} />
    </RequireSession>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/signin"
          element={
            <VisitorsOnly>
              <SignInPage />
            </VisitorsOnly>
          }
        />
        <Route
          path="/setup"
          element={
            <VisitorsOnly setup>
              <SetupPage />
            </VisitorsOnly>
          }
        />
        <Route
          path="/signup"
          element={
            <VisitorsOnly>
              <SignUpPage />
            </VisitorsOnly>
          }
        />
        <Route element={<SignedInFrame />}>
          <Route index element={<Navigate to="/tickets" replace />} />
          <Route path="tickets" element={<TicketsPage />} />
          <Route path="tickets/:id" element={<TicketPage />} />
          <Route
            path="queue"
            element={
              <RequireSession roles={STAFF_ROLES}>
                <QueuePage />
              </RequireSession>
            }
          />
          <Route
            path="admin/*"
            element={
              <RequireSession roles={["admin"]}>
                <Routes>
                  <Route index element={<DashboardPage />} />
                  <Route path="users" element={<UsersPage />} />
                  <Route path="jobs" element={<JobsPage />} />
                  <Route path="mail" element={<MailboxPage />} />
                  <Route path="inbound" element={<InboundPage />} />
                  <Route path="categories" element={<CategoriesPage />} />
                  <Route path="skills" element={<SkillsPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </RequireSession>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
