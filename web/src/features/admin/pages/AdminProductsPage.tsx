import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Badge } from "../../../ui/Badge";
import { Button, LinkButton } from "../../../ui/Button";
import { TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Pagination } from "../../../ui/Pagination";
import { useConfirm } from "../../../ui/confirm";
import type { components } from "../../../api/schema";
import { plural } from "../../../lib/format";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { ADMIN_PER_PAGE, useAdminProducts, useRemoveProduct } from "../api";
import { useCategoryName } from "../categories";
import { AdminNav } from "../components/AdminNav";
import { DataTable, type Column } from "../components/DataTable";
import { StockCell } from "../components/StockCell";
import { usePageParam } from "../components/table";
import { Thumbnail } from "../components/Thumbnail";

type Product = components["schemas"]["Product"];

export function AdminProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [page, goTo] = usePageParam();
  const products = useAdminProducts({ q, page });
  const [search, setSearch] = useState(q);
  // The search is debounced into the URL, back at the first page.
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = window.setTimeout(() => {
      setParams(search.trim() ? { q: search.trim() } : {}, { replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [search, q, setParams]);
  const total = products.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE));

  return (
    <div>
      <AdminNav />
      <PageHeader
        title="Products · Admin"
        heading="Products"
        description={
          products.data && (
            <>
              {plural(total, { one: "product", other: "products" })}
              {q && <> matching “{q}”</>}
            </>
          )
        }
        actions={
          <LinkButton to="/admin/products/new" variant="primary">
            New product
          </LinkButton>
        }
      />
      <div className="mb-4 max-w-md">
        <label htmlFor="admin-search" className="sr-only">
          Find products by name or SKU
        </label>
        <TextInput
          id="admin-search"
          type="search"
          placeholder="Search by name or SKU"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {products.isPending ? (
        <Loading label="Loading products" />
      ) : products.error ? (
        <ErrorState error={products.error} retry={() => void products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <Empty title={q ? `No product matches “${q}”` : "No products yet"}>
          {q ? "Try another word, or clear the search." : "Add the first one with New product."}
        </Empty>
      ) : (
        <>
          <ProductTable items={products.data.items} />
          <Pagination page={page} pages={pages} onChange={goTo} className="mt-6" />
        </>
      )}
    </div>
  );
}

function ProductTable({ items }: { items: Product[] }) {
  const remove = useRemoveProduct();
  const categoryName = useCategoryName();
  const confirm = useConfirm();
  // The catalog's delete takes a product out of the shop; it stays for order history.
  const askRemove = async (p: Product) => {
    const ok = await confirm({
      title: `Remove ${p.name} from the shop?`,
      description:
        "Shoppers no longer see it and it can no longer be ordered. It stays in this list as hidden, for the orders that have it; edit it and tick Active to sell it again.",
      confirmLabel: "Remove from shop",
      cancelLabel: "Keep it",
      destructive: true,
    });
    if (ok) remove.mutate(p);
  };
  const columns: Column<Product>[] = [
    {
      header: "Product",
      cell: (p) => (
        <div className="flex w-40 items-center gap-3 sm:w-auto sm:max-w-xs">
          <Thumbnail src={p.images[0]} name={p.name} />
          <div className="min-w-0">
            <Link
              to={`/admin/products/${p.id}`}
              className="block truncate font-medium underline-offset-2 hover:underline"
            >
              {p.name}
            </Link>
            <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{p.sku}</span>
          </div>
        </div>
      ),
    },
    { header: "Stock", cell: (p) => <StockCell product={p} /> },
    {
      header: "Price",
      align: "right",
      className: "tabular-nums",
      cell: (p) => <Price amount={p.price.amount} currency={p.price.currency} />,
    },
    {
      header: "State",
      cell: (p) => (
        <Badge tone={p.active ? "success" : "neutral"}>{p.active ? "Active" : "Hidden"}</Badge>
      ),
    },
    { header: "Category", cell: (p) => categoryName(p.category) },
    {
      header: <span className="sr-only">Actions</span>,
      align: "right",
      cell: (p) =>
        p.active && (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Remove ${p.name} from the shop`}
            onClick={() => void askRemove(p)}
          >
            Remove
          </Button>
        ),
    },
  ];
  return (
    <DataTable
      label="Products table"
      caption="Products"
      minWidth="min-w-[44rem]"
      rows={items}
      rowKey={(p) => p.id}
      columns={columns}
    />
  );
}
