import { Suspense } from "react";
import { Link, NavLink, Outlet, useNavigate } from "react-router";
import type { LiveStatus } from "../live/live-updates.ts";
import { isStaff, useCurrentUser, useSession } from "../session/session.tsx";
import { useTheme } from "../theme/theme.tsx";
import { KeyboardShortcuts } from "./keyboard-shortcuts.tsx";
import { Loading } from "./states.tsx";

type NavItem = { to: string; label: string; end?: boolean };

function navItemsFor(user: { role: string }): NavItem[] {
  const items: NavItem[] = [{ to: "/tickets", label: "Tickets" }];
  if (isStaff(user)) items.push({ to: "/queue", label: "My queue" });
  if (user.role === "admin") {
    items.push(
      { to: "/admin", label: "Dashboard", end: true },
      { to: "/admin/users", label: "Users" },
      { to: "/admin/categories", label: "Categories" },
      { to: "/admin/skills", label: "Skills" },
      { to: "/admin/jobs", label: "Jobs" },
      { to: "/admin/mail", label: "Mailbox" },
      { to: "/admin/inbound", label: "Inbound" },
    );
  }
  return items;
}

const LIVE_LABEL: Record<LiveStatus, { text: string; className: string }> = {
  live: { text: "Live", className: "status-success" },
  connecting: { text: "Connecting", className: "status-warning" },
  offline: { text: "Offline, retrying", className: "status-error" },
};

function ThemeToggle() {
  const [theme, setTheme] = useTheme();
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm btn-square"
      onClick={() => setTheme(next)}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
    >
      {theme === "dark" ? "☀" : "☾"}
    </button>
  );
}

function NavLinks({ items }: { items: NavItem[] }) {
  return items.map((item) => (
    <li key={item.to}>
      <NavLink to={item.to} end={item.end} className={({ isActive }) => (isActive ? "menu-active" : "")}>
        {item.label}
      </NavLink>
    </li>
  ));
}

/** The frame of every signed-in page: navigation by role, live status, theme, account. */
export function Layout({ live }: { live: LiveStatus }) {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const items = navItemsFor(user);
  const liveLabel = LIVE_LABEL[live];

  return (
    <div className="min-h-screen bg-base-200">
      <header className="navbar sticky top-0 z-20 gap-2 border-b border-base-300 bg-base-100 px-2 sm:px-4">
        <div className="dropdown lg:hidden">
          <button
            type="button"
            tabIndex={0}
            className="btn btn-ghost btn-sm btn-square"
            aria-label="Open menu"
          >
            ☰
          </button>
          <ul className="menu dropdown-content z-30 mt-2 w-52 rounded-box bg-base-100 p-2 shadow-lg">
            <NavLinks items={items} />
          </ul>
        </div>
        <Link to="/tickets" className="flex items-center gap-2 text-lg font-bold">
          <img src="/favicon.svg" alt="" className="size-7" />
          <span className="sr-only sm:not-sr-only">Helpdesk</span>
        </Link>
        <nav className="hidden flex-1 lg:flex" aria-label="Main">
          <ul className="menu menu-horizontal gap-1 px-2">
            <NavLinks items={items} />
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-1 sm:gap-2">
          <span className="flex items-center gap-1.5 text-xs text-base-content/70" title="Live updates">
            <span aria-hidden="true" className={`status ${liveLabel.className}`} />
            <span className="hidden sm:inline" data-testid="live-status">
              {liveLabel.text}
            </span>
          </span>
          <ThemeToggle />
          <div className="dropdown dropdown-end">
            <button type="button" tabIndex={0} className="btn btn-ghost btn-sm max-w-48 normal-case">
              <span className="truncate">{user.email}</span>
            </button>
            <ul className="menu dropdown-content z-30 mt-2 w-60 rounded-box bg-base-100 p-2 shadow-lg">
              <li className="menu-title">
                <span className="truncate">{user.email}</span>
                <span className="font-normal capitalize">{user.role}</span>
              </li>
              {isStaff(user) && (
                <li>
                  <Link to="/queue">Availability and queue</Link>
                </li>
              )}
              <li>
                <button
                  type="button"
                  onClick={async () => {
                    await signOut();
                    navigate("/signin");
                  }}
                >
                  Sign out
                </button>
              </li>
            </ul>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl px-3 py-6 sm:px-6">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <KeyboardShortcuts />
    </div>
  );
}
