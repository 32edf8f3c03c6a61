import { useCategories } from "../catalog/api";

/** A category slug as a name, until the catalog names its categories: `home-kitchen` → `Home kitchen`. */
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
  const options = (categories.data ?? []).map((c) => ({
    value: c.category,
    label: nameOfSlug(c.category),
  }));
  if (current && !options.some((o) => o.value === current)) {
    options.push({ value: current, label: nameOfSlug(current) });
  }
  return { options, isPending: categories.isPending, error: categories.error };
}
