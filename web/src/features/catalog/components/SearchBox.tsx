import { useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { SearchIcon } from "../../../ui/icons";

/** Where the catalog lists products; the search box and category links lead there. */
export const CATALOG_PATH = "/products";

/**
 * The product search. Typing is debounced into `?q=` on the catalog (replacing
 * the history entry, so Back leaves the catalog instead of undoing letters);
 * Enter searches at once; elsewhere it goes to the catalog.
 */
export function SearchBox({
  id = "search",
  autoFocus,
  onSearched,
  className = "",
}: {
  id?: string;
  autoFocus?: boolean;
  /** Called after Enter (the phone's search row closes). */
  onSearched?: () => void;
  className?: string;
}) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const onCatalog = location.pathname === CATALOG_PATH;
  const current = onCatalog ? (params.get("q") ?? "") : "";
  const [text, setText] = useState(current);
  // Back/forward or a link changed the URL: show its words, not the typed ones.
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setText(current);
  }
  const typed = useRef(false);

  const go = (words: string, replace: boolean) => {
    const next = new URLSearchParams(onCatalog ? params : undefined);
    if (words.trim()) next.set("q", words.trim());
    else next.delete("q");
    next.delete("page");
    navigate({ pathname: CATALOG_PATH, search: next.toString() }, { replace });
  };

  useEffect(() => {
    if (!typed.current || text.trim() === current.trim()) return;
    // Only on the catalog: elsewhere the shopper presses Enter to leave the page they are on.
    if (!onCatalog) return;
    const timer = setTimeout(() => go(text, true), 300);
    return () => clearTimeout(timer);
  });

  return (
    <form
      role="search"
      className={`relative w-full max-w-xl ${className}`}
      onSubmit={(event) => {
        event.preventDefault();
        go(text, onCatalog && text.trim() === current.trim());
        onSearched?.();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Search products
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-5 -translate-y-1/2 text-zinc-400" />
      <input
        id={id}
        type="search"
        enterKeyHint="search"
        autoComplete="off"
        autoFocus={autoFocus}
        className="block h-10 w-full rounded-full border border-zinc-200 bg-zinc-50 pr-4 pl-10 text-base text-zinc-900 placeholder:text-zinc-500 focus:bg-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-500 sm:text-sm dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:focus:bg-zinc-900"
        placeholder="Search products"
        value={text}
        onChange={(event) => {
          typed.current = true;
          setText(event.target.value);
        }}
      />
    </form>
  );
}
