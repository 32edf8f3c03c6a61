import type { ReactNode } from "react";

/**
 * The frame of a wide table: on a narrow screen the table scrolls sideways
 * inside it, not the page. It is a named region that takes focus, so the
 * keyboard can scroll it too.
 */
export function TableFrame({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ${className}`}
    >
      {children}
    </div>
  );
}
