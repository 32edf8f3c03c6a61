import { useEffect, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

/** Debounced search box; on the catalog it edits `?q=`, elsewhere it goes there. */
export function SearchBox() {
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
