import { useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../../lib/problem";
import { Breadcrumb } from "../../../ui/Breadcrumb";
import { Button, LinkButton } from "../../../ui/Button";
import { Checkbox, Field, Select, Textarea, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { ErrorState, Loading } from "../../../ui/states";
import { useCategoryOptions } from "../categories";
import { useEditedProduct, useSaveProduct } from "../api";
import { AdminNav } from "../components/AdminNav";
import { ImagePreviews } from "../components/ImagePreviews";
import {
  BLANK_DRAFT,
  type Draft,
  type DraftErrors,
  type DraftField,
  draftOf,
  imageLines,
  readPrice,
  readStock,
  serverErrors,
  validateDraft,
} from "../productForm";

export function AdminProductPage() {
  const { id } = useParams();
  const creating = !id || id === "new";
  const product = useEditedProduct(id, creating);
  if (!creating && product.isPending) {
    return (
      <div>
        <AdminNav />
        <Loading label="Loading product" />
      </div>
    );
  }
  if (!creating && product.error) {
    return (
      <div>
        <AdminNav />
        <PageHeader title="Product not found · Admin" heading="Product not found" />
        <ErrorState error={product.error} title="This product could not be opened">
          <LinkButton to="/admin/products">Back to products</LinkButton>
        </ErrorState>
      </div>
    );
  }
  const p = product.data;
  return (
    <ProductForm
      key={p?.version ?? "new"}
      id={p?.id}
      version={p?.version}
      initial={p ? draftOf(p) : BLANK_DRAFT}
    />
  );
}

/** The order fields are checked and focused in: the order they appear on the form. */
const FIELD_ORDER: DraftField[] = [
  "name",
  "sku",
  "category",
  "brand",
  "price",
  "stock",
  "description",
  "images",
];

interface ServerState {
  fields: DraftErrors;
  form?: string;
  /** The values that were sent: a field's server error holds only while it is unchanged. */
  sent: Draft;
}

function ProductForm({ id, version, initial }: { id?: string; version?: number; initial: Draft }) {
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState<ReadonlySet<DraftField>>(new Set());
  const [server, setServer] = useState<ServerState | null>(null);
  const [broken, setBroken] = useState<ReadonlySet<string>>(new Set());
  const formRef = useRef<HTMLFormElement>(null);
  const navigate = useNavigate();
  const save = useSaveProduct({ id, version }, () => navigate("/admin/products"));
  const categories = useCategoryOptions(draft.category);
  const title = id ? `Edit ${initial.name}` : "New product";

  const client = validateDraft(draft);
  const brokenIndex = imageLines(draft.images).findIndex((url) => broken.has(url));
  if (!client.images && brokenIndex >= 0) {
    client.images = `Image ${brokenIndex + 1} could not be loaded: check the address.`;
  }
  const errorOf = (field: DraftField): string | undefined => {
    if (checked.has(field) && client[field]) return client[field];
    if (server?.fields[field] && draft[field] === server.sent[field]) return server.fields[field];
    return undefined;
  };

  const focusField = (field: DraftField) =>
    formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();

  const submit = () => {
    setChecked(new Set(FIELD_ORDER));
    const first = FIELD_ORDER.find((f) => client[f]);
    if (first) {
      focusField(first);
      return;
    }
    const price = readPrice(draft.price);
    const stock = readStock(draft.stock);
    if (!("cents" in price) || !("stock" in stock)) return;
    const sent = draft;
    setServer(null);
    save.mutate(
      {
        fields: {
          sku: draft.sku.trim(),
          name: draft.name.trim(),
          category: draft.category,
          brand: draft.brand.trim(),
          description: draft.description.trim(),
          price: { amount: price.cents, currency: "EUR" },
          images: imageLines(draft.images),
          active: draft.active,
        },
        stock: stock.stock,
      },
      {
        onError: (error) => {
          const mapped =
            error instanceof ApiError
              ? serverErrors(error.problem)
              : {
                  fields: {},
                  form: "The product could not be saved: the shop could not be reached. Try again.",
                };
          setServer({ ...mapped, sent });
          const first = FIELD_ORDER.find((f) => mapped.fields[f]);
          if (first) focusField(first);
        },
      },
    );
  };

  const change = (name: DraftField, value: string) => setDraft((d) => ({ ...d, [name]: value }));
  // A field is checked once it was changed and left, or at the first save.
  const leave = (name: DraftField) =>
    setChecked((c) => (draft[name] !== initial[name] ? new Set(c).add(name) : c));
  const text = (name: DraftField) => ({
    name,
    value: draft[name],
    autoComplete: "off",
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      change(name, e.target.value),
    onBlur: () => leave(name),
  });

  return (
    <div>
      <AdminNav />
      <PageHeader
        title={`${title} · Admin`}
        heading={title}
        breadcrumb={
          <Breadcrumb
            items={[
              { label: "Products", to: "/admin/products" },
              { label: id ? initial.name : "New" },
            ]}
          />
        }
      />
      <form
        ref={formRef}
        noValidate
        aria-label={title}
        className="max-w-3xl space-y-5 rounded-2xl bg-white p-4 ring-1 ring-zinc-200 sm:p-6 dark:bg-zinc-900 dark:ring-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {server?.form && (
          <div
            role="alert"
            className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {server.form}
          </div>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errorOf("name")}>
            <TextInput {...text("name")} />
          </Field>
          <Field label="SKU" error={errorOf("sku")} hint="Letters, digits, - and _.">
            <TextInput {...text("sku")} />
          </Field>
          <Field
            label="Category"
            error={errorOf("category")}
            hint={
              <>
                Missing one?{" "}
                <Link to="/admin/categories" className="underline">
                  Manage categories
                </Link>
              </>
            }
          >
            <Select
              name="category"
              value={draft.category}
              onChange={(e) => {
                change("category", e.target.value);
                setChecked((c) => new Set(c).add("category"));
              }}
            >
              <option value="">
                {categories.isPending ? "Loading categories…" : "Choose a category"}
              </option>
              {categories.options.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Brand" optional error={errorOf("brand")}>
            <TextInput {...text("brand")} />
          </Field>
          <Field label="Price (EUR)" error={errorOf("price")}>
            <TextInput inputMode="decimal" placeholder="12.50" {...text("price")} />
          </Field>
          <Field label="Stock" error={errorOf("stock")}>
            <TextInput inputMode="numeric" {...text("stock")} />
          </Field>
        </div>
        <Field label="Description" optional error={errorOf("description")}>
          <Textarea rows={4} {...text("description")} />
        </Field>
        <div>
          <Field
            label="Image addresses"
            optional
            error={errorOf("images")}
            hint="One per line: a web address (https://…) or a path on this site (/…). The first is the main picture."
          >
            <Textarea
              rows={3}
              placeholder="https://example.com/basket.jpg"
              {...text("images")}
              onChange={(e) => {
                change("images", e.target.value);
                setChecked((c) => new Set(c).add("images"));
              }}
            />
          </Field>
          <ImagePreviews
            text={draft.images}
            broken={broken}
            onResult={(url, loaded) =>
              setBroken((b) => {
                if (loaded === !b.has(url)) return b;
                const next = new Set(b);
                if (loaded) next.delete(url);
                else next.add(url);
                return next;
              })
            }
          />
        </div>
        <Checkbox
          label="Active (shown in the shop)"
          checked={draft.active}
          onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
        />
        <div className="flex flex-wrap gap-2 border-t border-zinc-200 pt-5 dark:border-zinc-800">
          <Button type="submit" variant="primary" loading={save.isPending} loadingLabel="Saving">
            Save product
          </Button>
          <LinkButton to="/admin/products">Cancel</LinkButton>
        </div>
      </form>
    </div>
  );
}
