import { useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { plural } from "../../../lib/format";
import { Breadcrumb } from "../../../ui/Breadcrumb";
import { Button } from "../../../ui/Button";
import { Drawer } from "../../../ui/Dialog";
import { Select } from "../../../ui/Field";
import { FilterIcon } from "../../../ui/icons";
import { PageHeading } from "../../../ui/Page";
import { usePageTitle } from "../../../ui/page";
import { Pagination } from "../../../ui/Pagination";
import { Empty, ErrorState, Skeleton } from "../../../ui/states";
import { PER_PAGE, useCategories, useProducts } from "../api";
import {
  catalogSearch,
  parseCatalogQuery,
  searchSuggestion,
  withFilter,
  type CatalogQuery,
} from "../catalogQuery";
import { Filters } from "../components/Filters";
import { ProductGrid } from "../components/ProductCard";
import { CATALOG_PATH } from "../components/SearchBox";
import { categoryName } from "../specs";

const SORTS: [value: string, label: string][] = [
  ["newest:", "Newest"],
  ["price:asc", "Price: low to high"],
  ["price:desc", "Price: high to low"],
  ["name:asc", "Name: A to Z"],
];

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const query = parseCatalogQuery(params);
  const update = (change: Partial<CatalogQuery>) =>
    setParams(catalogSearch(withFilter(query, change)));

  const categories = useCategories();
  const products = useProducts(query);
  const total = products.data?.total ?? 0;
  const pages = products.data ? Math.max(1, Math.ceil(total / PER_PAGE)) : 1;
  const [filtersOpen, setFiltersOpen] = useState(false);
  const top = useRef<HTMLDivElement>(null);

  const categoryLabel = query.category
    ? (categories.data?.find((c) => c.slug === query.category)?.name ??
      categoryName(query.category))
    : null;
  const title = query.q ? `Results for “${query.q}”` : (categoryLabel ?? "All products");
  usePageTitle(title);
  const suggestion = searchSuggestion(products.data);
  const active = [
    query.category && { label: categoryLabel ?? query.category, clear: { category: "" } },
    (query.min || query.max) && {
      label: `€${query.min || "0"} – ${query.max ? `€${query.max}` : "any"}`,
      clear: { min: "", max: "" },
    },
    query.inStock && { label: "In stock", clear: { inStock: false } },
  ].filter(Boolean) as { label: string; clear: Partial<CatalogQuery> }[];

  const goToPage = (page: number) => {
    update({ page });
    // The next page starts at its top, with focus on the results heading, not at the pager.
    top.current?.scrollIntoView({ block: "start" });
    top.current?.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true });
  };

  const sort = (
    <div className="flex items-center gap-2">
      <label
        htmlFor="sort"
        className="text-sm whitespace-nowrap text-zinc-600 max-sm:sr-only dark:text-zinc-400"
      >
        Sort by
      </label>
      <Select
        id="sort"
        className="h-10 w-auto! min-w-0"
        value={`${query.sort}:${query.order}`}
        onChange={(e) => {
          const [sortBy, order] = e.target.value.split(":") as [
            CatalogQuery["sort"],
            CatalogQuery["order"],
          ];
          update({ sort: sortBy, order });
        }}
      >
        {SORTS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </Select>
    </div>
  );

  return (
    <div ref={top} className="scroll-mt-24">
      <Breadcrumb
        items={[
          { label: "Home", to: "/" },
          ...(categoryLabel || query.q
            ? [
                { label: "All products", to: CATALOG_PATH },
                { label: query.q ? "Search" : categoryLabel! },
              ]
            : [{ label: "All products" }]),
        ]}
      />
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
        <div>
          <PageHeading>{title}</PageHeading>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {products.data ? plural(total, { one: "product", other: "products" }) : "\u00a0"}
          </p>
        </div>
      </div>
      {suggestion?.corrected && (
        <p className="mt-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid="did-you-mean">
          Nothing matched “{query.q}”, so these are the results for{" "}
          <strong className="font-semibold">“{suggestion.words}”</strong>.
        </p>
      )}
      {suggestion && !suggestion.corrected && (
        <p className="mt-3 text-sm" data-testid="did-you-mean">
          Did you mean{" "}
          <Link
            className="font-semibold text-indigo-700 underline dark:text-indigo-300"
            to={{
              pathname: CATALOG_PATH,
              search: catalogSearch(withFilter(query, { q: suggestion.words })).toString(),
            }}
          >
            {suggestion.words}
          </Link>
          ?
        </p>
      )}

      <div className="mt-6 grid gap-8 lg:grid-cols-[15rem_1fr]">
        <aside aria-label="Filters" className="hidden lg:block">
          <Filters idPrefix="filters" query={query} categories={categories.data} update={update} />
        </aside>
        <section aria-label="Products">
          <div className="mb-5 flex items-center justify-between gap-3">
            <Drawer
              side="left"
              title="Filters"
              closeLabel="Close filters"
              open={filtersOpen}
              onOpenChange={setFiltersOpen}
              trigger={
                <Button size="sm" className="h-10 lg:hidden" icon={<FilterIcon />}>
                  Filters{active.length > 0 && ` (${active.length})`}
                </Button>
              }
              footer={
                <Button variant="primary" className="w-full" onClick={() => setFiltersOpen(false)}>
                  Show {plural(total, { one: "product", other: "products" })}
                </Button>
              }
            >
              <Filters
                idPrefix="drawer-filters"
                query={query}
                categories={categories.data}
                update={update}
              />
            </Drawer>
            {active.length > 0 && (
              <ul aria-label="Active filters" className="hidden flex-wrap gap-2 lg:flex">
                {active.map((f) => (
                  <li key={f.label}>
                    <button
                      type="button"
                      onClick={() => update(f.clear)}
                      className="inline-flex items-center gap-1 rounded-full border border-zinc-300 px-3 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                      aria-label={`Remove filter ${f.label}`}
                    >
                      {f.label} <span aria-hidden="true">×</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="ml-auto">{sort}</div>
          </div>
          {products.isPending ? (
            <ul
              className="grid grid-cols-2 gap-x-3 gap-y-8 sm:grid-cols-3 sm:gap-x-5 lg:grid-cols-4"
              aria-label="Loading products"
            >
              {Array.from({ length: 8 }, (_, i) => (
                <li key={i}>
                  <Skeleton className="aspect-square rounded-xl" />
                  <Skeleton className="mt-3 h-3 w-1/3" />
                  <Skeleton className="mt-2 h-4 w-2/3" />
                </li>
              ))}
            </ul>
          ) : products.error ? (
            <ErrorState
              error={products.error}
              retry={() => void products.refetch()}
              title="We could not show these products"
            >
              <Button onClick={() => setParams(new URLSearchParams())}>Clear all filters</Button>
            </ErrorState>
          ) : products.data.items.length === 0 ? (
            <Empty
              title={query.q ? `Nothing matches “${query.q}”` : "No products match these filters"}
              action={
                <Button onClick={() => setParams(new URLSearchParams())}>
                  {active.length === 0 && query.q ? "Show all products" : "Clear all filters"}
                </Button>
              }
            >
              {query.q
                ? "Check the spelling, try a shorter or more general word, or browse a category."
                : "Try a wider price range or another category."}
            </Empty>
          ) : (
            <ProductGrid
              products={products.data.items}
              testId="product-grid"
              label="Products"
              priorityCount={4}
            />
          )}
          <Pagination page={query.page} pages={pages} onChange={goToPage} label="Product pages" />
        </section>
      </div>
    </div>
  );
}
