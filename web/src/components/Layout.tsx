import { useEffect, useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../api/client";
import { useSession } from "../auth/useSession";
import { useLiveNotifications } from "../live";
import { CartDrawer } from "./CartDrawer";

/** Debounced search box; on the catalog it edits `?q=`, elsewhere it goes there. */
function SearchBox() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const current = location.pathname === "/" ? (params.get("q") ?? "") : "";
  const [text, setText] = useState(current);
  // Back/forward or a link changed the URL: show its words, not the typed ones.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setText(current);
  }
  useEffect(() => {
    if (text === current) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(location.pathname === "/" ? params : undefined);
      if (text.trim()) next.set("q", text.trim());
      else next.delete("q");
      next.delete("page");
      navigate({ pathname: "/", search: next.toString() }, { replace: location.pathname === "/" });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, current, params, location.pathname, navigate]);
  return (
    <form role="search" className="w-full sm:max-w-sm" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor="search" className="sr-only">
        Search products
      </label>
      <input
        id="search"
        type="search"
        className="input"
        placeholder="Search products"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}

function InboxLink() {
  const inbox = useQuery({
    queryKey: ["inbox", "badge"],
    queryFn: () => must(api.GET("/api/notifications/me", { params: { query: { per_page: 1 } } })),
  });
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink
      to="/notifications"
      className="btn-secondary"
      aria-label={`Notifications, ${unread} unread`}
    >
      Inbox
      {unread > 0 && (
        <span className="rounded-full bg-red-700 px-2 text-xs text-white" aria-hidden="true">
          {unread}
        </span>
      )}
    </NavLink>
  );
}

export function Layout() {
  const session = useSession();
  useLiveNotifications(Boolean(session.tokens));
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 p-4">
          <Link to="/" className="text-xl font-bold text-indigo-700 dark:text-indigo-400">
            Feira
          </Link>
          <SearchBox />
          <nav aria-label="Account" className="ml-auto flex flex-wrap items-center gap-2">
            {session.isAdmin && (
              <NavLink to="/admin/products" className="btn-secondary">
                Admin
              </NavLink>
            )}
            {session.tokens ? (
              <>
                <NavLink to="/tasks" className="btn-secondary">
                  Tasks
                </NavLink>
                <NavLink to="/orders" className="btn-secondary">
                  Orders
                </NavLink>
                <InboxLink />
                <NavLink to="/account" className="btn-secondary">
                  Account
                </NavLink>
              </>
            ) : (
              <NavLink to="/login" className="btn-secondary">
                Sign in
              </NavLink>
            )}
            <CartDrawer />
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-6xl p-4">
        <Outlet />
      </main>
    </div>
  );
}

/** Wraps admin pages: the API refuses non-admins anyway; this keeps them away from the screens. */
export function AdminOnly({ children }: { children: React.ReactNode }) {
  const { isAdmin, tokens } = useSession();
  if (!tokens) return <p>Please sign in as an administrator.</p>;
  if (!isAdmin) return <p>This area is for administrators.</p>;
  return <>{children}</>;
}
