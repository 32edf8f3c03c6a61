import { Link, useSearchParams } from "react-router";
import { Price } from "../../../ui/Price";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useAdminProducts } from "../api";
import { AdminNav } from "../components/AdminNav";

export function AdminProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const products = useAdminProducts(q);
  return (
    <div className="space-y-4">
      <AdminNav />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold">Products</h1>
        <div className="flex gap-2">
          <label htmlFor="admin-search" className="sr-only">
            Search products
          </label>
          <input
            id="admin-search"
            type="search"
            className="input"
            placeholder="Search"
            defaultValue={q}
            onChange={(e) =>
              setParams(e.target.value ? { q: e.target.value } : {}, { replace: true })
            }
          />
          <Link to="/admin/products/new" className="btn-primary">
            New product
          </Link>
        </div>
      </div>
      {products.isPending ? (
        <Loading label="Loading products" />
      ) : products.error ? (
        <ErrorState error={products.error} retry={() => void products.refetch()} />
      ) : products.data.items.length === 0 ? (
        <Empty title="No products" />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th className="p-2">Name</th>
                <th className="p-2">SKU</th>
                <th className="p-2">Price</th>
                <th className="p-2">Stock</th>
                <th className="p-2">State</th>
              </tr>
            </thead>
            <tbody>
              {products.data.items.map((p) => (
                <tr key={p.id} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="p-2">
                    <Link to={`/admin/products/${p.id}`} className="underline">
                      {p.name}
                    </Link>
                  </td>
                  <td className="p-2">{p.sku}</td>
                  <td className="p-2">
                    <Price amount={p.price.amount} currency={p.price.currency} />
                  </td>
                  <td className="p-2">{p.stock}</td>
                  <td className="p-2">{p.active ? "Active" : "Inactive"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
