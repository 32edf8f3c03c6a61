import { Navigate, Outlet, useLocation } from "react-router";
import { useSession } from "../auth/useSession";

/**
 * A layout route for pages that need a session: a guest goes to sign in and
 * comes back to the same address, query string and fragment included.
 */
export function SignedIn() {
  const { tokens } = useSession();
  const { pathname, search, hash } = useLocation();
  if (!tokens) {
    const next = encodeURIComponent(`${pathname}${search}${hash}`);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}

/** A layout route for admin pages: the API refuses non-admins anyway; this keeps them away from the screens. */
export function AdminOnly() {
  const { isAdmin, tokens } = useSession();
  if (!tokens) return <p>Please sign in as an administrator.</p>;
  if (!isAdmin) return <p>This area is for administrators.</p>;
  return <Outlet />;
}
