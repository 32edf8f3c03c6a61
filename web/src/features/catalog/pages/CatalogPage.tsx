import { Link, useSearchParams } from "react-router";
import { Price } from "../../../ui/Price";
import { Pager } from "../../../ui/nav";
import { Empty, ErrorState, Skeleton } from "../../../ui/states";
import { PER_PAGE, useCategories, useProducts } from "../api";
import { catalogSearch, parseCatalogQuery, withFilter, type CatalogQuery } from "../catalogQuery";

function StockBadge({ stock }: { stock: number }) {
  const [text, tone] =
    stock <= 0
      ? ["Out of stock", "bg-slate-200 text-slate-800"]
      : stock < 5
        ? [`Only ${stock} left`, "bg-amber-100 text-amber-900"]
        : ["In stock", "bg-emerald-100 text-emerald-900"];
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${tone}`}>{text}</span>;
}

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const query = parseCatalogQuery(params);
  const update = (change: Partial<CatalogQuery>) =>
    setParams(catalogSearch(withFilter(query, change)));

  const categories = useCategories();
  const products = useProducts(query);
  const pages = products.data ? Math.max(1, Math.ceil(products.data.total / PER_PAGE)) : 1;

  return (
    <div className="grid gap-6 md:grid-cols-[14rem_1fr]">
      <aside aria-label="Filters" className="space-y-4">
        <div>
          <label htmlFor="category" className="label">
            Category
          </label>
          <select
            id="category"
            className="input"
            value={query.category}
            onChange={(e) => update({ category: e.target.value })}
          >
            <option value="">All categories</option>
            {categories.data?.map((c) => (
              <option key={c.category} value={c.category}>
                {c.category.replace(/-/g, " ")} ({c.count})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="grid grid-cols-2 gap-2">
          <legend className="label">Price</legend>
          <input
            aria-label="Minimum price"
            className="input"
            inputMode="decimal"
            placeholder="Min"
            defaultValue={query.min}
            onBlur={(e) => update({ min: e.target.value })}
          />
          <input
            aria-label="Maximum price"
            className="input"
            inputMode="decimal"
            placeholder="Max"
            defaultValue={query.max}
            onBlur={(e) => update({ max: e.target.value })}
          />
        </fieldset>
        <div>
          <label htmlFor="sort" className="label">
            Sort by
          </label>
          <select
            id="sort"
            className="input"
            value={`${query.sort}:${query.order}`}
            onChange={(e) => {
              const [sort, order] = e.target.value.split(":") as [
                CatalogQuery["sort"],
                CatalogQuery["order"],
              ];
              update({ sort, order });
            }}
          >
            <option value="newest:">Newest</option>
            <option value="price:asc">Price: low to high</option>
            <option value="price:desc">Price: high to low</option>
            <option value="name:asc">Name</option>
          </select>
        </div>
      </aside>
      <section aria-labelledby="results">
        <h1 id="results" className="mb-4 text-2xl font-semibold">
          {query.q ? `Results for “${query.q}”` : "All products"}
          {products.data && (
            <span className="ml-2 text-base font-normal text-slate-600 dark:text-slate-400">
              {products.data.total} products
            </span>
          )}
        </h1>
        {products.isPending ? (
          <ul className="grid grid-cols-2 gap-4 lg:grid-cols-3" aria-label="Loading products">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i}>
                <Skeleton className="aspect-square" />
                <Skeleton className="mt-2 h-4 w-2/3" />
              </li>
            ))}
          </ul>
        ) : products.error ? (
          <ErrorState error={products.error} retry={() => void products.refetch()} />
        ) : products.data.items.length === 0 ? (
          <Empty title="No products match">Try other words or fewer filters.</Empty>
        ) : (
          <ul className="grid grid-cols-2 gap-4 lg:grid-cols-3" data-testid="product-grid">
            {products.data.items.map((product) => (
              <li key={product.id} className="card overflow-hidden">
                <Link to={`/products/${product.slug}`} className="block">
                  <img
                    src={product.images[0] ?? ""}
                    alt=""
                    loading="lazy"
                    className="aspect-square w-full bg-slate-100 object-cover dark:bg-slate-800"
                  />
                  <div className="space-y-1 p-3">
                    <h2 className="font-medium">{product.name}</h2>
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <Price amount={product.price.amount} currency={product.price.currency} />
                      <StockBadge stock={product.stock} />
                    </div>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <Pager page={query.page} pages={pages} go={(page) => update({ page })} />
      </section>
    </div>
  );
}
