import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, must } from "../../api/client";
import { Price } from "../../components/Price";
import { Empty, ErrorState, Field, Loading } from "../../components/states";
import { formatMoney, parseMoney } from "../../lib/money";
import { ApiError, describeError } from "../../lib/problem";
import { AdminNav } from "./AdminNav";

export function AdminProductsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const products = useQuery({
    queryKey: ["products", "admin", q],
    placeholderData: keepPreviousData,
    queryFn: () =>
      must(
        api.GET("/api/catalog/products", {
          params: { query: { q: q || undefined, include_inactive: true, per_page: 100 } },
        }),
      ),
  });
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

interface Draft {
  sku: string;
  name: string;
  category: string;
  brand: string;
  description: string;
  price: string;
  stock: string;
  images: string;
  active: boolean;
}

const BLANK: Draft = {
  sku: "",
  name: "",
  category: "",
  brand: "",
  description: "",
  price: "",
  stock: "0",
  images: "",
  active: true,
};

export function AdminProductPage() {
  const { id } = useParams();
  const creating = !id || id === "new";
  const product = useQuery({
    queryKey: ["product", id],
    enabled: !creating,
    queryFn: () =>
      must(api.GET("/api/catalog/products/{id}", { params: { path: { id: id ?? "" } } })),
  });
  if (!creating && product.isPending) return <Loading label="Loading product" />;
  if (!creating && product.error) return <ErrorState error={product.error} />;
  const p = product.data;
  const draft: Draft = p
    ? {
        sku: p.sku,
        name: p.name,
        category: p.category,
        brand: p.brand,
        description: p.description,
        price: formatMoney(p.price.amount, p.price.currency, "en-US").replace(/[^\d.]/g, ""),
        stock: String(p.stock),
        images: p.images.join("\n"),
        active: p.active,
      }
    : BLANK;
  return <ProductForm key={p?.version ?? "new"} id={p?.id} version={p?.version} initial={draft} />;
}

function ProductForm({ id, version, initial }: { id?: string; version?: number; initial: Draft }) {
  const [draft, setDraft] = useState(initial);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async () => {
      const amount = parseMoney(draft.price);
      const fields = {
        sku: draft.sku,
        name: draft.name,
        category: draft.category,
        brand: draft.brand,
        description: draft.description,
        price: { amount: amount ?? -1, currency: "EUR" },
        images: draft.images
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean),
        active: draft.active,
      };
      if (!id || version === undefined) {
        return must(
          api.POST("/api/catalog/products", { body: { ...fields, stock: Number(draft.stock) } }),
        );
      }
      const updated = await must(
        api.PATCH("/api/catalog/products/{id}", {
          params: { path: { id } },
          body: { ...fields, version },
        }),
      );
      if (Number(draft.stock) !== updated.stock) {
        return must(
          api.PUT("/api/catalog/products/{id}/stock", {
            params: { path: { id } },
            body: { stock: Number(draft.stock), version: updated.version },
          }),
        );
      }
      return updated;
    },
    onSuccess: async (saved) => {
      toast.success(`Saved ${saved.name}`);
      await queryClient.invalidateQueries({ queryKey: ["products"] });
      await queryClient.invalidateQueries({ queryKey: ["product"] });
      navigate("/admin/products");
    },
    onError: (error) => toast.error(describeError(error)),
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const bind = (name: keyof Omit<Draft, "active">) => ({
    name,
    value: draft[name],
    error: errors[name] ?? (name === "price" ? errors["price.amount"] : undefined),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) =>
      setDraft({ ...draft, [name]: e.target.value }),
  });
  return (
    <div className="space-y-4">
      <AdminNav />
      <form
        className="card mx-auto max-w-2xl space-y-3 p-6"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h1 className="text-2xl font-semibold">{id ? "Edit product" : "New product"}</h1>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" {...bind("name")} />
          <Field label="SKU" {...bind("sku")} />
          <Field label="Category" {...bind("category")} />
          <Field label="Brand" {...bind("brand")} />
          <Field label="Price (EUR)" inputMode="decimal" {...bind("price")} />
          <Field label="Stock" type="number" min={0} {...bind("stock")} />
        </div>
        <div>
          <label htmlFor="description" className="label">
            Description
          </label>
          <textarea
            id="description"
            className="input"
            rows={4}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="images" className="label">
            Image URLs (one per line)
          </label>
          <textarea
            id="images"
            className="input"
            rows={2}
            value={draft.images}
            onChange={(e) => setDraft({ ...draft, images: e.target.value })}
          />
          {errors.images && <p className="text-sm text-red-700">{errors.images}</p>}
        </div>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />
          Active (shown in the shop)
        </label>
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          Save product
        </button>
      </form>
    </div>
  );
}
