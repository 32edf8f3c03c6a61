import { useEffect, useLayoutEffect, useRef } from "react";
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useMatches } from "react-router";
import { useSession } from "../../../auth/useSession";
import { ArrowRightIcon, UserIcon } from "../../../ui/icons";
import { requestHeadingFocus, SITE_NAME } from "../../../ui/page";
import { buttonClass } from "../../../ui/classes";

const SECTIONS: [to: string, text: string][] = [
  ["/tasks", "Tasks"],
  ["/tasks/dashboard", "Dashboard"],
  ["/tasks/tags", "Tags"],
];

/**
 * The Tasks area's own frame: a skip link, a header with the area's name,
 * its sections and the way back to the shop and the account, and the page in
 * main. It has no product search or cart: this is a task manager.
 */
export function TasksLayout() {
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);
  // After a navigation, focus goes to the new page's heading, as in the shop.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestHeadingFocus();
  }, [pathname]);
  const matches = useMatches();
  const title = [...matches]
    .reverse()
    .map((m) => (m.handle as { title?: string } | undefined)?.title)
    .find(Boolean);
  useLayoutEffect(() => {
    document.title = title ? `${title} · ${SITE_NAME}` : SITE_NAME;
  }, [title]);
  const session = useSession();
  const section = ({ isActive }: { isActive: boolean }) =>
    `rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
      isActive
        ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900"
        : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
    }`;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3 dark:bg-white dark:text-zinc-900"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
          main.current?.scrollIntoView();
        }}
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:h-16 sm:px-6">
          <Link
            to="/tasks"
            className="mr-auto shrink-0 rounded-md text-lg font-semibold tracking-tight text-zinc-900 sm:mr-4 dark:text-white"
            aria-label="Feira Tasks, your tasks"
          >
            Feira<span className="text-indigo-600 dark:text-indigo-400">.</span>{" "}
            <span className="font-normal text-zinc-600 dark:text-zinc-400">Tasks</span>
          </Link>
          <nav aria-label="Tasks" className="hidden flex-1 gap-1 sm:flex">
            {SECTIONS.map(([to, text]) => (
              <NavLink key={to} end to={to} className={section}>
                {text}
              </NavLink>
            ))}
          </nav>
          <div className="flex items-center gap-1">
            <Link to="/" className={buttonClass("ghost", "sm", "h-10 px-2.5")}>
              <span>Shop</span>
              <ArrowRightIcon />
            </Link>
            <Link
              to="/account"
              className={buttonClass("ghost", "sm", "h-10 px-2.5")}
              aria-label={session.email ? `Account (${session.email})` : "Account"}
            >
              <UserIcon />
              <span className="hidden lg:inline">Account</span>
            </Link>
          </div>
        </div>
        {/* On a phone the sections are a row of their own, always in reach. */}
        <nav
          aria-label="Tasks sections"
          className="flex gap-1 border-t border-zinc-200 px-2 py-1.5 sm:hidden dark:border-zinc-800"
        >
          {SECTIONS.map(([to, text]) => (
            <NavLink key={to} end to={to} className={(s) => `${section(s)} flex-1 text-center`}>
              {text}
            </NavLink>
          ))}
        </nav>
      </header>
      <main
        id="main"
        ref={main}
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-5 outline-none sm:px-6 sm:py-8"
      >
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
