import { Link } from "react-router";
import { LinkButton } from "../../../ui/Button";
import { ArrowRightIcon, BellIcon, RefundIcon, TruckIcon } from "../../../ui/icons";
import { PageHeading } from "../../../ui/Page";
import { usePageTitle } from "../../../ui/page";
import { Skeleton } from "../../../ui/states";
import { formatMoney, plural } from "../../../lib/format";
import { useShippingRule } from "../../orders/api";
import { useCategories, useFeaturedProducts } from "../api";
import { ProductGrid } from "../components/ProductCard";
import { CATALOG_PATH } from "../components/SearchBox";

/** Each category's tile colour, light and dark; unknown categories take the neutral one. */
const TILE: Record<string, string> = {
  electronics: "from-sky-100 to-sky-50 dark:from-sky-950 dark:to-zinc-900",
  books: "from-amber-100 to-amber-50 dark:from-amber-950 dark:to-zinc-900",
  "home-kitchen": "from-orange-100 to-orange-50 dark:from-orange-950 dark:to-zinc-900",
  "sports-outdoors": "from-emerald-100 to-emerald-50 dark:from-emerald-950 dark:to-zinc-900",
  "toys-games": "from-rose-100 to-rose-50 dark:from-rose-950 dark:to-zinc-900",
  fashion: "from-violet-100 to-violet-50 dark:from-violet-950 dark:to-zinc-900",
  beauty: "from-pink-100 to-pink-50 dark:from-pink-950 dark:to-zinc-900",
};

const categoryLink = (slug: string) => `${CATALOG_PATH}?category=${encodeURIComponent(slug)}`;

export function HomePage() {
  usePageTitle("Shop well-made things");
  const categories = useCategories();
  const featured = useFeaturedProducts();
  const shipping = useShippingRule();
  // The rule is in the shop's currency, which its products carry.
  const currency = featured.data?.items[0]?.price.currency ?? "EUR";
  const freeFrom = shipping.data
    ? shipping.data.free_from === 0
      ? "Free shipping"
      : `Free shipping from ${formatMoney(shipping.data.free_from, currency)}`
    : "Shipping";
  return (
    <div className="space-y-16 sm:space-y-20">
      <section className="relative overflow-hidden rounded-3xl bg-zinc-900 px-6 py-14 text-white sm:px-12 sm:py-20 dark:bg-zinc-900 dark:ring-1 dark:ring-zinc-800">
        <div
          aria-hidden="true"
          className="pointer-events-none absolute -top-24 -right-24 size-96 rounded-full bg-indigo-500/30 blur-3xl"
        />
        <div className="relative max-w-xl">
          <p className="text-sm font-medium tracking-wide text-indigo-300 uppercase">
            New season, fair prices
          </p>
          <PageHeading className="mt-3 text-4xl! text-white! sm:text-5xl!">
            Well-made things for every day
          </PageHeading>
          <p className="mt-4 text-base text-zinc-300 sm:text-lg">
            Kitchenware, books, gear and gifts from makers we trust, tracked to your door.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <LinkButton
              to={CATALOG_PATH}
              variant="primary"
              className="bg-white! text-zinc-900! hover:bg-zinc-200!"
            >
              Shop all products
            </LinkButton>
            <a
              href="#categories"
              className="inline-flex h-11 items-center gap-2 rounded-lg px-3 text-sm font-medium text-white hover:underline"
            >
              Browse categories <ArrowRightIcon className="size-4" />
            </a>
          </div>
        </div>
      </section>

      <section aria-labelledby="categories" className="scroll-mt-24">
        <div className="mb-6 flex items-end justify-between gap-4">
          <h2 id="categories" className="text-xl font-semibold tracking-tight sm:text-2xl">
            Shop by category
          </h2>
          <Link
            to={CATALOG_PATH}
            className="text-sm font-medium underline-offset-4 hover:underline"
          >
            View all
          </Link>
        </div>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4">
          {categories.isPending
            ? Array.from({ length: 8 }, (_, i) => (
                <li key={i}>
                  <Skeleton className="h-28 rounded-2xl" />
                </li>
              ))
            : categories.data?.map((c) => (
                <li key={c.slug}>
                  <Link
                    to={categoryLink(c.slug)}
                    className={`flex h-28 flex-col justify-between rounded-2xl bg-gradient-to-br p-4 transition hover:shadow-md sm:h-32 ${
                      TILE[c.slug] ?? "from-zinc-100 to-zinc-50 dark:from-zinc-800 dark:to-zinc-900"
                    }`}
                  >
                    <span className="text-base font-semibold text-zinc-900 dark:text-white">
                      {c.name}
                    </span>
                    <span className="flex items-center justify-between text-sm text-zinc-700 dark:text-zinc-300">
                      {plural(c.count, { one: "product", other: "products" })}
                      <ArrowRightIcon className="size-4" />
                    </span>
                  </Link>
                </li>
              ))}
        </ul>
      </section>

      <section aria-labelledby="featured">
        <div className="mb-6 flex items-end justify-between gap-4">
          <h2 id="featured" className="text-xl font-semibold tracking-tight sm:text-2xl">
            Our picks
          </h2>
          <Link
            to={CATALOG_PATH}
            className="text-sm font-medium underline-offset-4 hover:underline"
          >
            Shop all
          </Link>
        </div>
        {featured.isPending ? (
          <div className="grid grid-cols-2 gap-x-3 gap-y-8 sm:grid-cols-3 sm:gap-x-5 lg:grid-cols-4">
            {Array.from({ length: 8 }, (_, i) => (
              <Skeleton key={i} className="aspect-square rounded-xl" />
            ))}
          </div>
        ) : featured.data ? (
          <ProductGrid products={featured.data.items} label="Our picks" priorityCount={4} />
        ) : null}
      </section>

      <section className="grid gap-6 rounded-3xl border border-zinc-200 p-6 sm:grid-cols-3 sm:p-8 dark:border-zinc-800">
        {(
          [
            [TruckIcon, freeFrom, "Tracked to your door, wherever we ship."],
            [RefundIcon, "Cancel before it ships", "A full refund to your card, no questions."],
            [BellIcon, "Live order updates", "See your order move, from paid to delivered."],
          ] as const
        ).map(([Icon, title, text]) => (
          <div key={title} className="flex gap-3">
            <Icon className="size-6 shrink-0 text-indigo-600 dark:text-indigo-400" />
            <div>
              <p className="font-medium">{title}</p>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{text}</p>
            </div>
          </div>
        ))}
      </section>
    </div>
  );
}
