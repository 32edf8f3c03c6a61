import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { formatMoney, parseMoney } from "../../../lib/money";
import { ApiError } from "../../../lib/problem";
import { ErrorState, Field, Loading } from "../../../ui/states";
import { useEditedProduct, useSaveProduct } from "../api";
import { AdminNav } from "../components/AdminNav";

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
  const product = useEditedProduct(id, creating);
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
  const save = useSaveProduct({ id, version }, () => navigate("/admin/products"));
  const submit = () => {
    const amount = parseMoney(draft.price);
    save.mutate({
      fields: {
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
      },
      stock: Number(draft.stock),
    });
  };
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
          submit();
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
