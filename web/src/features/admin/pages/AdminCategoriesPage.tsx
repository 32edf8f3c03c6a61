import { useState } from "react";
import type { components } from "../../../api/schema";
import { plural } from "../../../lib/format";
import { ApiError, problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { useConfirm } from "../../../ui/confirm";
import { Field, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { toast } from "../../../ui/toast";
import { useCategories } from "../../catalog/api";
import { slugOf, useCreateCategory, useDeleteCategory, useRenameCategory } from "../categories";
import { AdminNav } from "../components/AdminNav";
import { DataTable, type Column } from "../components/DataTable";
import { PANEL } from "../components/table";

type Category = components["schemas"]["CategorySummary"];

/** A category name as the catalog takes it, or why not. */
function nameError(name: string): string | undefined {
  const clean = name.trim();
  if (clean === "") return "Enter a name.";
  if (clean.length > 80) return "Use a name of at most 80 characters.";
  if (slugOf(clean) === "") return "Use at least one letter or digit in the name.";
  return undefined;
}

/** A failed category change, as a sentence for its name field. */
function saveError(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    return "A category with this name already exists.";
  }
  return problemMessage(error);
}

export function AdminCategoriesPage() {
  const categories = useCategories();
  return (
    <div>
      <AdminNav />
      <PageHeader
        title="Categories · Admin"
        heading="Categories"
        description="Every product is in one of these; the shop's filters list them."
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          {categories.isPending ? (
            <Loading label="Loading categories" />
          ) : categories.error ? (
            <ErrorState error={categories.error} retry={() => void categories.refetch()} />
          ) : categories.data.length === 0 ? (
            <Empty title="No categories yet">Add the first one with the form.</Empty>
          ) : (
            <CategoryTable categories={categories.data} />
          )}
        </div>
        <NewCategory />
      </div>
    </div>
  );
}

function NewCategory() {
  const create = useCreateCategory();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tried, setTried] = useState(false);
  const [failed, setFailed] = useState<{ name: string; message: string } | null>(null);
  const error =
    (tried ? nameError(name) : undefined) ??
    (failed && failed.name === name ? failed.message : undefined);
  const slug = slugOf(name);
  return (
    <section aria-labelledby="new-category" className={`${PANEL} h-fit p-4 sm:p-5`}>
      <h2 id="new-category" className="mb-4 font-semibold">
        New category
      </h2>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (nameError(name)) return;
          const sent = name;
          create.mutate(
            { name: name.trim(), slug, description: description.trim() || undefined },
            {
              onSuccess: (created) => {
                toast.success(`Added the category ${created.name}.`);
                setName("");
                setDescription("");
                setTried(false);
              },
              onError: (e) => setFailed({ name: sent, message: saveError(e) }),
            },
          );
        }}
      >
        <Field
          label="Name"
          error={error}
          hint={slug ? `Shown in addresses as “${slug}”; it stays when you rename.` : undefined}
        >
          <TextInput name="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Description" optional>
          <TextInput
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Add category
        </Button>
      </form>
    </section>
  );
}

function CategoryTable({ categories }: { categories: Category[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  const remove = useDeleteCategory();
  const confirm = useConfirm();
  const askDelete = async (c: Category) => {
    if (c.count > 0) {
      toast.error(
        `${c.name} still has ${plural(c.count, { one: "product", other: "products" })}. Move them to another category first.`,
      );
      return;
    }
    const ok = await confirm({
      title: `Delete the category ${c.name}?`,
      description: "It has no products. It leaves the shop's filters and this list.",
      confirmLabel: "Delete category",
      cancelLabel: "Keep it",
      destructive: true,
    });
    if (!ok) return;
    remove.mutate(c.slug, {
      onSuccess: () => toast.success(`Deleted the category ${c.name}.`),
      onError: (e) =>
        toast.error(
          e instanceof ApiError && e.slug === "category-not-empty"
            ? `${c.name} still has products. Move them to another category first.`
            : problemMessage(e),
        ),
    });
  };
  const columns: Column<Category>[] = [
    {
      header: "Category",
      cell: (c) =>
        editing === c.slug ? (
          <RenameForm category={c} done={() => setEditing(null)} />
        ) : (
          <>
            <span className="block font-medium">{c.name}</span>
            <span className="block text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
              {c.slug}
            </span>
          </>
        ),
    },
    {
      header: "Products",
      align: "right",
      className: "whitespace-nowrap tabular-nums",
      cell: (c) => plural(c.count, { one: "product", other: "products" }),
    },
    {
      header: <span className="sr-only">Actions</span>,
      align: "right",
      className: "whitespace-nowrap",
      cell: (c) =>
        editing !== c.slug && (
          <>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Rename ${c.name}`}
              onClick={() => setEditing(c.slug)}
            >
              Rename
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Delete ${c.name}`}
              onClick={() => void askDelete(c)}
            >
              Delete
            </Button>
          </>
        ),
    },
  ];
  return (
    <DataTable
      label="Categories table"
      caption="Categories"
      rows={categories}
      rowKey={(c) => c.slug}
      columns={columns}
    />
  );
}

function RenameForm({ category, done }: { category: Category; done: () => void }) {
  const rename = useRenameCategory();
  const [name, setName] = useState(category.name);
  const [failed, setFailed] = useState<{ name: string; message: string } | null>(null);
  const error = nameError(name) ?? (failed && failed.name === name ? failed.message : undefined);
  return (
    <form
      noValidate
      className="flex min-w-56 flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (nameError(name)) return;
        if (name.trim() === category.name) return done();
        const sent = name;
        rename.mutate(
          { slug: category.slug, name: name.trim() },
          {
            onSuccess: (saved) => {
              toast.success(`Renamed to ${saved.name}.`);
              done();
            },
            onError: (e) => setFailed({ name: sent, message: saveError(e) }),
          },
        );
      }}
    >
      <Field label={`New name for ${category.name}`} hideLabel error={error} className="flex-1">
        <TextInput
          name="name"
          value={name}
          autoFocus
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && done()}
        />
      </Field>
      <Button type="submit" size="sm" variant="primary" className="mt-1" loading={rename.isPending}>
        Save
      </Button>
      <Button size="sm" className="mt-1" onClick={done}>
        Cancel
      </Button>
    </form>
  );
}
