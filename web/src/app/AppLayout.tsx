import { useState } from "react";
import { Link } from "react-router";
import { useSession } from "../auth/useSession";
import { VerifyBanner } from "../features/account/components/VerifyBanner";
import { CartDrawer } from "../features/cart/components/CartDrawer";
import { CATALOG_PATH, SearchBox } from "../features/catalog/components/SearchBox";
import { useLiveNotifications } from "../features/notifications/live";
import { CloseIcon, SearchIcon } from "../ui/icons";
import { Layout } from "../ui/Layout";
import { buttonClass } from "../ui/classes";
import { AccountMenu } from "./AccountMenu";

/** The shared frame filled with the features' header parts; live notifications run while signed in. */
export function AppLayout() {
  const session = useSession();
  useLiveNotifications(Boolean(session.tokens));
  const [searching, setSearching] = useState(false);
  return (
    <Layout
      search={<SearchBox />}
      searchToggle={
        <button
          type="button"
          className={buttonClass("ghost", "sm", "h-10 px-2.5")}
          aria-expanded={searching}
          aria-controls="phone-search"
          aria-label={searching ? "Close search" : "Search"}
          onClick={() => setSearching((s) => !s)}
        >
          {searching ? <CloseIcon /> : <SearchIcon />}
        </button>
      }
      below={
        <>
          {searching && (
            <div
              id="phone-search"
              className="border-t border-zinc-200 px-4 py-3 md:hidden dark:border-zinc-800"
            >
              <SearchBox id="phone-search-input" autoFocus onSearched={() => setSearching(false)} />
            </div>
          )}
          <VerifyBanner />
        </>
      }
      account={<AccountMenu />}
      cart={<CartDrawer />}
      footer={<Footer />}
    />
  );
}

function Footer() {
  const link = "rounded hover:text-zinc-900 hover:underline dark:hover:text-white";
  return (
    <footer className="mt-16 border-t border-zinc-200 dark:border-zinc-800">
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-10 text-sm text-zinc-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 dark:text-zinc-400">
        <p>
          <span className="font-semibold text-zinc-900 dark:text-white">Feira</span> — well-made
          things, tracked to your door.
        </p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <Link to={CATALOG_PATH} className={link}>
                All products
              </Link>
            </li>
            <li>
              <Link to="/orders" className={link}>
                Your orders
              </Link>
            </li>
            <li>
              <Link to="/account" className={link}>
                Account
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
