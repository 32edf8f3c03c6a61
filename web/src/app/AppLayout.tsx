import { NavLink } from "react-router";
import { useSession } from "../auth/useSession";
import { CartDrawer } from "../features/cart/components/CartDrawer";
import { SearchBox } from "../features/catalog/components/SearchBox";
import { InboxLink } from "../features/notifications/components/InboxLink";
import { useLiveNotifications } from "../features/notifications/live";
import { Layout } from "../ui/Layout";

/** The shared frame filled with the features' header parts; live notifications run while signed in. */
export function AppLayout() {
  const session = useSession();
  useLiveNotifications(Boolean(session.tokens));
  return (
    <Layout
      search={<SearchBox />}
      nav={
        <>
          {session.isAdmin && (
            <NavLink to="/admin/products" className="btn-secondary">
              Admin
            </NavLink>
          )}
          {session.tokens ? (
            <>
              <NavLink to="/tasks" className="btn-secondary">
                Tasks
              </NavLink>
              <NavLink to="/orders" className="btn-secondary">
                Orders
              </NavLink>
              <InboxLink />
              <NavLink to="/account" className="btn-secondary">
                Account
              </NavLink>
            </>
          ) : (
            <NavLink to="/login" className="btn-secondary">
              Sign in
            </NavLink>
          )}
          <CartDrawer />
        </>
      }
    />
  );
}
