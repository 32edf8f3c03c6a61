import type { ReactNode } from "react";
import { Link, Outlet } from "react-router";

/**
 * The page frame: the header with the brand, a search slot and the account
 * navigation, then the routed page. The app fills the slots, so this file knows
 * no feature.
 */
export function Layout({ search, nav }: { search: ReactNode; nav: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 p-4">
          <Link to="/" className="text-xl font-bold text-indigo-700 dark:text-indigo-400">
            Feira
          </Link>
          {search}
          <nav aria-label="Account" className="ml-auto flex flex-wrap items-center gap-2">
            {nav}
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-6xl p-4">
        <Outlet />
      </main>
    </div>
  );
}
