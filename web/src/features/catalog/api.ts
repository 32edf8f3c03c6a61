import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { parseMoney } from "../../lib/format";
import { ApiError } from "../../lib/problem";
import { catalogSearch, type CatalogQuery } from "./catalogQuery";

export const PER_PAGE = 12;

/**
 * Lists and single products sit under their own prefixes, so a saved product
 * refreshes every list and every product view (the cart's lines too) at once.
 */
export const catalogKeys = {
  categories: () => ["categories"] as const,
  lists: () => ["products"] as const,
  list: (query: CatalogQuery) => [...catalogKeys.lists(), catalogSearch(query).toString()] as const,
  featured: () => [...catalogKeys.lists(), "featured"] as const,
  related: (slug: string) => [...catalogKeys.lists(), "related", slug] as const,
  products: () => ["product"] as const,
  product: (id: string) => [...catalogKeys.products(), id] as const,
  bySlug: (slug: string) => [...catalogKeys.products(), "slug", slug] as const,
};

export function useCategories() {
  return useQuery({
    queryKey: catalogKeys.categories(),
    queryFn: () => must(api.GET("/api/catalog/categories")),
    staleTime: 60_000,
  });
}

/** One page of the shop's catalog for the filters in the URL. */
export function useProducts(query: CatalogQuery) {
  return useQuery({
    queryKey: catalogKeys.list(query),
    placeholderData: keepPreviousData,
    queryFn: () =>
      must(
        api.GET("/api/catalog/products", {
          params: {
            query: {
              q: query.q || undefined,
              category: query.category || undefined,
              min_price: parseMoney(query.min) ?? undefined,
              max_price: parseMoney(query.max) ?? undefined,
              in_stock: query.inStock || undefined,
              sort: query.sort,
              order: query.order || undefined,
              page: query.page,
              per_page: PER_PAGE,
            },
          },
        }),
      ),
  });
}

export function useProductBySlug(slug: string) {
  return useQuery({
    queryKey: catalogKeys.bySlug(slug),
    queryFn: () =>
      must(api.GET("/api/catalog/products/by-slug/{slug}", { params: { path: { slug } } })),
  });
}

/** A product by id, as options so a list of them can go through `useQueries`. */
export function productQuery(id: string) {
  return queryOptions({
    queryKey: catalogKeys.product(id),
    queryFn: () => must(api.GET("/api/catalog/products/{id}", { params: { path: { id } } })),
  });
}

type ProductPage = Awaited<ReturnType<typeof listProducts>>;
type ListQuery = NonNullable<Parameters<typeof listProducts>[0]>;

function listProducts(query: {
  sort?: "price" | "name" | "newest";
  in_stock?: boolean;
  per_page?: number;
  category?: string;
}) {
  return must(api.GET("/api/catalog/products", { params: { query } }));
}

/**
 * The home page's products: the featured ones (`?featured=true`), or the
 * newest in stock while the catalog has no featured products or does not
 * know the filter yet (it refuses unknown parameters with a 400).
 */
export function useFeaturedProducts(count = 8) {
  return useQuery({
    queryKey: catalogKeys.featured(),
    staleTime: 60_000,
    queryFn: async (): Promise<ProductPage> => {
      const newest: ListQuery = { sort: "newest", in_stock: true, per_page: count };
      try {
        const featured = await listProducts({ ...newest, featured: true } as ListQuery);
        if (featured.items.length > 0) return featured;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 400)) throw error;
      }
      return listProducts(newest);
    },
  });
}

/** Products to show under a product: others of its category. */
export function useRelatedProducts(
  product: { slug: string; category: string } | undefined,
  count = 4,
) {
  return useQuery({
    queryKey: catalogKeys.related(product?.slug ?? ""),
    enabled: Boolean(product),
    staleTime: 60_000,
    queryFn: async () => {
      const page = await listProducts({ category: product!.category, per_page: count + 1 });
      return page.items.filter((p) => p.slug !== product!.slug).slice(0, count);
    },
  });
}
