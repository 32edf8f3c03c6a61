import { useEffect, useRef, type ReactNode } from "react";
import { takeHeadingFocus, usePageTitle } from "./page";

/**
 * The page's one h1. It takes focus after a navigation (tabIndex -1, so it is
 * not a Tab stop), which is where keyboard and screen-reader users start.
 */
export function PageHeading({
  children,
  className = "",
}: {
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => takeHeadingFocus(ref.current), []);
  return (
    <h1
      ref={ref}
      tabIndex={-1}
      className={`text-2xl font-semibold tracking-tight text-zinc-900 outline-none focus-visible:outline-none sm:text-3xl dark:text-white ${className}`}
    >
      {children}
    </h1>
  );
}

/**
 * A page's title block: sets the document title, shows the breadcrumb, the
 * heading, a line under it and actions on the right.
 */
export function PageHeader({
  title,
  heading,
  description,
  actions,
  breadcrumb,
  className = "",
}: {
  /** For the tab: "<title> · Feira". */
  title: string;
  /** The h1's content when it differs from the title. */
  heading?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  className?: string;
}) {
  usePageTitle(title);
  return (
    <div className={`mb-6 ${className}`}>
      {breadcrumb}
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <PageHeading>{heading ?? title}</PageHeading>
          {description && (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
          )}
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
    </div>
  );
}
