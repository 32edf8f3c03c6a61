import { Link } from "react-router";
import { Price } from "../../../ui/Price";
import { categoryName } from "../specs";
import { ProductImage } from "./ProductImage";
import { StockBadge } from "./StockBadge";

/** What a card needs of a product. */
export interface CardProduct {
  slug: string;
  name: string;
  brand: string;
  category: string;
  images: string[];
  price: { amount: number; currency: string };
  stock: number;
}

/** The grid's default slot widths: 2 columns on phones, 3 on tablets, 4 on desktops. */
export const GRID_SIZES =
  "(min-width: 1280px) 300px, (min-width: 1024px) 25vw, (min-width: 640px) 33vw, 50vw";

/**
 * A product in a grid: the whole card is one link (its name is the heading),
 * and its focus ring is drawn inside the card so no parent clips it.
 */
export function ProductCard({
  product,
  sizes = GRID_SIZES,
  priority,
}: {
  product: CardProduct;
  sizes?: string;
  priority?: boolean;
}) {
  return (
    <Link
      to={`/products/${product.slug}`}
      className="group block rounded-2xl p-1.5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 focus-visible:ring-offset-white dark:focus-visible:ring-indigo-400 dark:focus-visible:ring-offset-zinc-950"
    >
      <ProductImage
        url={product.images[0]}
        alt=""
        sizes={sizes}
        priority={priority}
        className="transition group-hover:opacity-90"
      />
      <div className="mt-3 space-y-1 px-0.5">
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {product.brand || categoryName(product.category)}
        </p>
        <h3 className="line-clamp-2 text-sm font-medium text-zinc-900 group-hover:underline dark:text-zinc-100">
          {product.name}
        </h3>
        <div className="flex flex-wrap items-center justify-between gap-2 pt-0.5">
          <Price
            amount={product.price.amount}
            currency={product.price.currency}
            className="text-sm font-semibold"
          />
          <StockBadge stock={product.stock} />
        </div>
      </div>
    </Link>
  );
}

/** A grid of product cards. */
export function ProductGrid({
  products,
  label,
  testId,
  priorityCount = 0,
}: {
  products: (CardProduct & { id: string })[];
  label?: string;
  testId?: string;
  /** How many first cards load their pictures at once (above the fold). */
  priorityCount?: number;
}) {
  return (
    <ul
      aria-label={label}
      data-testid={testId}
      className="grid grid-cols-2 gap-x-3 gap-y-8 sm:grid-cols-3 sm:gap-x-5 lg:grid-cols-4"
    >
      {products.map((product, i) => (
        <li key={product.id}>
          <ProductCard product={product} priority={i < priorityCount} />
        </li>
      ))}
    </ul>
  );
}
