import { NavLink } from "react-router";

const LINKS: [to: string, text: string][] = [
  ["/admin/products", "Products"],
  ["/admin/categories", "Categories"],
  ["/admin/orders", "Orders"],
  ["/admin/notifications", "Failed notifications"],
  ["/admin/traces", "Traces"],
];

/**
 * The admin area's own navigation. On a phone it scrolls sideways in one row
 * rather than wrapping; a page below a section (a product, an order) keeps its
 * section highlighted.
 */
export function AdminNav() {
  return (
    <nav
      aria-label="Admin"
      className="-mx-4 mb-6 overflow-x-auto border-b border-zinc-200 px-4 sm:mx-0 sm:px-0 dark:border-zinc-800"
    >
      <ul className="flex gap-1 text-sm whitespace-nowrap">
        {LINKS.map(([to, text]) => (
          <li key={to}>
            <NavLink
              to={to}
              className={({ isActive }) =>
                `-mb-px inline-block border-b-2 px-3 py-2 font-medium ${
                  isActive
                    ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                    : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
                }`
              }
            >
              {text}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
