import { isRouteErrorResponse, useRouteError } from "react-router";
import { LinkButton } from "../ui/Button";
import { PageHeading } from "../ui/Page";
import { usePageTitle } from "../ui/page";
import { NotFoundPage } from "./NotFoundPage";

/**
 * A page that failed to load or render: a short explanation and a reload,
 * never a stack trace. A chunk that fails after a new release is the common case.
 */
export function RouteError() {
  const error = useRouteError();
  usePageTitle("Something went wrong");
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <PageHeading>Something went wrong</PageHeading>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        This page could not be shown. Reloading usually helps; your cart is kept.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <button type="button" className="btn-primary" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <LinkButton to="/">Go to the home page</LinkButton>
      </div>
    </div>
  );
}
