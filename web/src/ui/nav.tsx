import { NavLink } from "react-router";

/** Previous / next between pages; nothing when everything fits on one. */
export function Pager({
  page,
  pages,
  go,
}: {
  page: number;
  pages: number;
  go: (page: number) => void;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="mt-6 flex items-center justify-center gap-3">
      <button
        type="button"
        className="btn-secondary"
        disabled={page <= 1}
        onClick={() => go(page - 1)}
      >
        Previous
      </button>
      <span>
        Page {page} of {pages}
      </span>
      <button
        type="button"
        className="btn-secondary"
        disabled={page >= pages}
        onClick={() => go(page + 1)}
      >
        Next
      </button>
    </nav>
  );
}

/** An area's own navigation (admin, tasks): the current page highlighted. */
export function SubNav({ label, links }: { label: string; links: [to: string, text: string][] }) {
  const style = ({ isActive }: { isActive: boolean }) =>
    `rounded-md px-3 py-1 ${isActive ? "bg-indigo-700 text-white" : "underline"}`;
  return (
    <nav aria-label={label} className="mb-4 flex gap-2 text-sm">
      {links.map(([to, text]) => (
        <NavLink key={to} end to={to} className={style}>
          {text}
        </NavLink>
      ))}
    </nav>
  );
}
