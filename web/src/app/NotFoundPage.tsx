import { Link } from "react-router";
import { CATALOG_PATH, SearchBox } from "../features/catalog/components/SearchBox";
import { LinkButton } from "../ui/Button";
import { PageHeading } from "../ui/Page";
import { usePageTitle } from "../ui/page";

/** Any address the app has no page for: what happened and the ways on. */
export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <div className="mx-auto max-w-xl py-12 text-center sm:py-20">
      <p className="text-sm font-semibold tracking-wide text-indigo-600 uppercase dark:text-indigo-400">
        404
      </p>
      <PageHeading className="mt-2">We could not find that page</PageHeading>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        The link may be old, or the address mistyped. Search the shop, or start again from one of
        these.
      </p>
      <div className="mx-auto mt-8 max-w-sm">
        <SearchBox id="not-found-search" />
      </div>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <LinkButton to="/" variant="primary">
          Go to the home page
        </LinkButton>
        <LinkButton to={CATALOG_PATH}>Browse all products</LinkButton>
      </div>
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Looking for an order?{" "}
        <Link to="/orders" className="font-medium underline">
          See your orders
        </Link>
        .
      </p>
    </div>
  );
}
