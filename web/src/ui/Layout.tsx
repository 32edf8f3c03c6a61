import { useEffect, useLayoutEffect, useRef, type ReactNode } from "react";
import { Link, Outlet, ScrollRestoration, useLocation, useMatches } from "react-router";
import { requestHeadingFocus, SITE_NAME } from "./page";

/** What a route may declare in its `handle`: the tab's title until the page sets a better one. */
export interface RouteHandle {
  title?: string;
}

/**
 * After the path changes, focus goes to the new page's h1 (or, while none has
 * appeared, to main once one does), never to the body: keyboard and
 * screen-reader users start at the top of the new page.
 */
function useFocusOnNavigation(main: React.RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (requestHeadingFocus()) return;
    const started = performance.now();
    const before = document.activeElement;
    let frame = 0;
    const look = () => {
      const active = document.activeElement;
      // The person moved on by themselves: leave focus where they put it.
      if (active && active !== before && active !== document.body) return;
      const heading = main.current?.querySelector<HTMLElement>("h1");
      if (heading) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
        return;
      }
      if (performance.now() - started > 3000) {
        main.current?.focus({ preventScroll: true });
        return;
      }
      frame = requestAnimationFrame(look);
    };
    frame = requestAnimationFrame(look);
    return () => cancelAnimationFrame(frame);
  }, [pathname, main]);
}

/** The route's title in the tab; runs before pages' effects, so a page's own title wins. */
function useRouteTitle() {
  const matches = useMatches();
  const title = [...matches]
    .reverse()
    .map((m) => (m.handle as RouteHandle | undefined)?.title)
    .find(Boolean);
  useLayoutEffect(() => {
    document.title = title ? `${title} · ${SITE_NAME}` : SITE_NAME;
  }, [title]);
}

/**
 * The page frame: a skip link, the one-row header (brand, search, account,
 * cart), the routed page in main and the footer. The app fills the slots, so
 * this file knows no feature.
 */
export function Layout({
  search,
  searchToggle,
  account,
  cart,
  below,
  footer,
}: {
  /** The search box in the header from the tablet width up. */
  search: ReactNode;
  /** On a phone: the button that expands the search under the header. */
  searchToggle?: ReactNode;
  account: ReactNode;
  cart: ReactNode;
  /** A row under the header (the phone's expanded search). */
  below?: ReactNode;
  footer?: ReactNode;
}) {
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigation(main);
  useRouteTitle();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3 dark:bg-white dark:text-zinc-900"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
          main.current?.scrollIntoView?.();
        }}
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex h-16 max-w-7xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <Link
            to="/"
            className="mr-auto shrink-0 rounded-md text-xl font-semibold tracking-tight text-zinc-900 sm:mr-0 dark:text-white"
            aria-label={`${SITE_NAME}, home`}
          >
            {SITE_NAME}
            <span className="text-indigo-600 dark:text-indigo-400">.</span>
          </Link>
          <div className="hidden flex-1 justify-center md:flex">{search}</div>
          <div className="flex items-center gap-1 sm:gap-2">
            {searchToggle && <div className="md:hidden">{searchToggle}</div>}
            {account}
            {cart}
          </div>
        </div>
        {below}
      </header>
      <main
        id="main"
        ref={main}
        tabIndex={-1}
        className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6 sm:py-8"
      >
        <Outlet />
      </main>
      {footer}
      <ScrollRestoration />
    </div>
  );
}
