import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { catalogKeys, useCategories } from "../catalog/api";

/**
 * The web name of a new category, from its name: "Home & Kitchen" →
 * `home-kitchen` (lower-case letters, digits and inner `-`, as the catalog asks).
 */
export function slugOf(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** A slug as a name, for a category the list does not name: `home-kitchen` → `Home kitchen`. */
export function nameOfSlug(slug: string): string {
  const words = slug.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The categories a product may be put in, for a picker. The product's current
 * category stays listed even when it is no longer managed, so editing another
 * field does not silently change it.
 */
export function useCategoryOptions(current: string) {
  const categories = useCategories();
  const options = (categories.data ?? []).map((c) => ({ value: c.slug, label: c.name }));
  if (current && !options.some((o) => o.value === current)) {
    options.push({ value: current, label: nameOfSlug(current) });
  }
  return { options, isPending: categories.isPending, error: categories.error };
}

/** The display name of a category slug, from the managed list when it is there. */
export function useCategoryName() {
  const categories = useCategories();
  return (slug: string) => categories.data?.find((c) => c.slug === slug)?.name ?? nameOfSlug(slug);
}

function useCategoriesChanged() {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: catalogKeys.categories() });
    await queryClient.invalidateQueries({ queryKey: catalogKeys.lists() });
  };
}

export function useCreateCategory() {
  const changed = useCategoriesChanged();
  return useMutation({
    mutationFn: (input: { name: string; slug: string; description?: string }) =>
      must(api.POST("/api/catalog/categories", { body: input })),
    onSuccess: changed,
  });
}

export function useRenameCategory() {
  const changed = useCategoriesChanged();
  return useMutation({
    mutationFn: (input: { slug: string; name: string }) =>
      must(
        api.PATCH("/api/catalog/categories/{slug}", {
          params: { path: { slug: input.slug } },
          body: { name: input.name },
        }),
      ),
    onSuccess: changed,
  });
}

export function useDeleteCategory() {
  const changed = useCategoriesChanged();
  return useMutation({
    mutationFn: (slug: string) =>
      must(api.DELETE("/api/catalog/categories/{slug}", { params: { path: { slug } } })),
    onSuccess: changed,
  });
}
