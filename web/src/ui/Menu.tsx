import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A disclosure menu of links (the account menu): a button that shows and
 * hides a list. Escape closes it and returns focus to the button; a click
 * outside, a link inside or a navigation close it too.
 */
export function Menu({
  label,
  button,
  children,
  className = "",
}: {
  /** The button's accessible name ("Account"). */
  label: string;
  /** What the button shows (an icon, a dot for unread news). */
  button: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const { pathname, search } = useLocation();
  const [where, setWhere] = useState(pathname + search);
  if (where !== pathname + search) {
    setWhere(pathname + search);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        trigger.current?.focus();
      }
    };
    const onFocus = (event: FocusEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocus);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("focusin", onFocus);
    };
  }, [open]);
  return (
    <div ref={root} className={`relative ${className}`}>
      <button
        ref={trigger}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="relative inline-flex h-10 items-center justify-center gap-1 rounded-lg px-2.5 text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white"
      >
        {button}
      </button>
      <div
        id={id}
        hidden={!open}
        className="absolute right-0 z-40 mt-2 w-60 rounded-xl border border-zinc-200 bg-white p-1.5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
      >
        {children}
      </div>
    </div>
  );
}

/** The classes of one entry of a `Menu`. */
export const menuItemClass =
  "flex w-full items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white";
