import { NavLink } from "react-router";
import { Pagination } from "./Pagination";

/** Previous / next between pages; nothing when everything fits on one. Prefer `Pagination`. */
export function Pager({
  page,
  pages,
  go,
}: {
  page: number;
  pages: number;
  go: (page: number) => void;
}) {
  return <Pagination page={page} pages={pages} onChange={go} className="mt-6" />;
}

/** An area's own navigation (admin, tasks): the current page highlighted. */
export function SubNav({ label, links }: { label: string; links: [to: string, text: string][] }) {
  const style = ({ isActive }: { isActive: boolean }) =>
    `rounded-lg px-3 py-1.5 font-medium transition-colors ${
      isActive
        ? "bg-zinc-900 text-white dark:bg-white dark:text-zinc-900"
        : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
    }`;
  return (
    <nav aria-label={label} className="mb-6 flex flex-wrap gap-1 text-sm">
      {links.map(([to, text]) => (
        <NavLink key={to} end to={to} className={style}>
          {text}
        </NavLink>
      ))}
    </nav>
  );
}
