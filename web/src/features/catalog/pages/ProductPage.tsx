import { useState } from "react";
import { useParams } from "react-router";
import { isNotFound } from "../../../lib/problem";
import { Breadcrumb } from "../../../ui/Breadcrumb";
import { Button, LinkButton } from "../../../ui/Button";
import { PageHeading } from "../../../ui/Page";
import { usePageTitle } from "../../../ui/page";
import { Price } from "../../../ui/Price";
import { ErrorState, Skeleton } from "../../../ui/states";
import { useCart } from "../../cart/api";
import { useCategories, useProductBySlug, useRelatedProducts } from "../api";
import { ProductGrid } from "../components/ProductCard";
import { ProductImage } from "../components/ProductImage";
import { CATALOG_PATH, SearchBox } from "../components/SearchBox";
import { StockBadge } from "../components/StockBadge";
import { categoryName, formatSpecs, stockState } from "../specs";

const GALLERY_SIZES = "(min-width: 1024px) 600px, 100vw";

function ProductSkeleton() {
  return (
    <div role="status" aria-label="Loading product" className="grid gap-8 md:grid-cols-2">
      <Skeleton className="aspect-square rounded-2xl" />
      <div className="space-y-4">
        <Skeleton className="h-4 w-1/3" />
        <Skeleton className="h-9 w-3/4" />
        <Skeleton className="h-7 w-1/4" />
        <Skeleton className="h-24" />
        <Skeleton className="h-11 w-40" />
      </div>
    </div>
  );
}

/** An unknown slug: say so and offer the ways on, with no "Try again" that cannot help. */
function ProductNotFound() {
  usePageTitle("Product not found");
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <PageHeading>Product not found</PageHeading>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        This product is no longer in the shop, or the link is wrong. Search for it, or browse what
        we have.
      </p>
      <div className="mx-auto mt-8 max-w-sm">
        <SearchBox id="product-not-found-search" />
      </div>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <LinkButton to={CATALOG_PATH} variant="primary">
          Browse all products
        </LinkButton>
        <LinkButton to="/">Go to the home page</LinkButton>
      </div>
    </div>
  );
}

export function ProductPage() {
  const { slug = "" } = useParams();
  // A new product (a related one) starts with its first picture and a quantity of 1.
  return <ProductView key={slug} slug={slug} />;
}

function ProductView({ slug }: { slug: string }) {
  const product = useProductBySlug(slug);
  const categories = useCategories();
  const related = useRelatedProducts(product.data);
  const cart = useCart();
  const [quantity, setQuantity] = useState(1);
  const [image, setImage] = useState(0);
  usePageTitle(product.data?.name);

  if (product.isPending) return <ProductSkeleton />;
  if (product.error) {
    if (isNotFound(product.error)) return <ProductNotFound />;
    return <ErrorState error={product.error} retry={() => void product.refetch()} />;
  }
  const p = product.data;
  const specs = formatSpecs(p.attributes as Record<string, unknown>);
  const stock = stockState(p.stock);
  const inCart = cart.lines.find((l) => l.productId === p.id)?.quantity ?? 0;
  const canAddMore = p.stock > inCart;
  const category =
    categories.data?.find((c) => c.slug === p.category)?.name ?? categoryName(p.category);
  const add = () => cart.add.mutate({ productId: p.id, quantity, stock: p.stock });
  const addLabel = !stock.available ? "Out of stock" : "Add to cart";

  return (
    <>
      <Breadcrumb
        items={[
          { label: "Home", to: "/" },
          { label: category, to: `${CATALOG_PATH}?category=${encodeURIComponent(p.category)}` },
          { label: p.name },
        ]}
      />
      <article className="mt-4 grid gap-8 pb-24 md:grid-cols-2 md:gap-12 md:pb-0">
        <div>
          <ProductImage
            url={p.images[image]}
            alt={p.name}
            sizes={GALLERY_SIZES}
            priority
            className="rounded-2xl"
          />
          {p.images.length > 1 && (
            <ul className="mt-3 flex gap-2" aria-label="Pictures">
              {p.images.map((src, i) => (
                <li key={src}>
                  <button
                    type="button"
                    onClick={() => setImage(i)}
                    aria-label={`Picture ${i + 1} of ${p.images.length}`}
                    aria-pressed={i === image}
                    className={`block w-16 rounded-lg p-0.5 ring-2 sm:w-20 ${
                      i === image ? "ring-zinc-900 dark:ring-white" : "ring-transparent"
                    }`}
                  >
                    <ProductImage url={src} alt="" sizes="80px" className="rounded-md" />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <div>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{p.brand}</p>
          <PageHeading className="mt-1">{p.name}</PageHeading>
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <Price
              amount={p.price.amount}
              currency={p.price.currency}
              className="text-2xl font-semibold"
            />
            <StockBadge stock={p.stock} />
          </div>
          <p className="mt-6 leading-relaxed text-zinc-700 dark:text-zinc-300">{p.description}</p>

          <div className="fixed inset-x-0 bottom-0 z-20 border-t border-zinc-200 bg-white/95 p-3 backdrop-blur md:static md:mt-8 md:border-0 md:bg-transparent md:p-0 dark:border-zinc-800 dark:bg-zinc-950/95 md:dark:bg-transparent">
            <div className="mx-auto flex max-w-7xl items-end gap-3">
              <div className="w-20 shrink-0 sm:w-24">
                <label
                  htmlFor="quantity"
                  className="mb-1.5 block text-xs font-medium text-zinc-700 sm:text-sm dark:text-zinc-300"
                >
                  Quantity
                </label>
                <input
                  id="quantity"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={Math.max(1, p.stock)}
                  disabled={!stock.available}
                  className="block h-11 w-full rounded-lg border border-zinc-300 bg-white px-3 text-base dark:border-zinc-700 dark:bg-zinc-900"
                  value={quantity}
                  onChange={(e) =>
                    setQuantity(
                      Math.max(1, Math.min(Number(e.target.value) || 1, Math.max(1, p.stock))),
                    )
                  }
                />
              </div>
              <Button
                variant="primary"
                className="flex-1 md:flex-none md:px-10"
                disabled={!stock.available}
                loading={cart.add.isPending}
                loadingLabel="Adding to your cart"
                onClick={add}
              >
                {addLabel}
              </Button>
            </div>
            {stock.available && !canAddMore && (
              <p className="mx-auto mt-2 max-w-7xl text-xs text-zinc-600 md:text-sm dark:text-zinc-400">
                All {p.stock} available are in your cart.
              </p>
            )}
          </div>

          {specs.length > 0 && (
            <section aria-labelledby="specs" className="mt-10">
              <h2 id="specs" className="text-base font-semibold">
                Specifications
              </h2>
              <dl className="mt-3 divide-y divide-zinc-200 border-y border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
                {specs.map((s) => (
                  <div key={s.key} className="grid grid-cols-2 gap-4 py-3">
                    <dt className="text-zinc-600 dark:text-zinc-400">{s.label}</dt>
                    <dd className="font-medium text-zinc-900 dark:text-zinc-100">{s.value}</dd>
                  </div>
                ))}
                <div className="grid grid-cols-2 gap-4 py-3">
                  <dt className="text-zinc-600 dark:text-zinc-400">SKU</dt>
                  <dd className="font-medium text-zinc-900 dark:text-zinc-100">{p.sku}</dd>
                </div>
              </dl>
            </section>
          )}
        </div>
      </article>

      {related.data && related.data.length > 0 && (
        <section aria-labelledby="related" className="mt-16">
          <h2 id="related" className="mb-6 text-xl font-semibold tracking-tight">
            You may also like
          </h2>
          <ProductGrid products={related.data} label="You may also like" />
        </section>
      )}
    </>
  );
}
