import { Link, NavLink, useLocation, useNavigate } from "react-router";
import { useSession } from "../auth/useSession";
import { withNext } from "../features/account/next";
import { useInboxBadge } from "../features/notifications/api";
import { UserIcon } from "../ui/icons";
import { Menu, menuItemClass } from "../ui/Menu";
import { buttonClass } from "../ui/classes";

/** The header's account menu when signed in, a "Sign in" link otherwise. */
export function AccountMenu() {
  const session = useSession();
  const { pathname, search, hash } = useLocation();
  if (!session.tokens) {
    // Signing in from the header comes back to this page; from the sign-in
    // and sign-up pages it keeps the `next` they already carry.
    const here = `${pathname}${search}${hash}`;
    const onAuthPage = pathname === "/login" || pathname === "/register";
    const to = onAuthPage ? `/login${search}` : withNext("/login", here);
    return (
      <Link to={to} className={buttonClass("ghost", "sm", "h-10")}>
        <UserIcon />
        <span className="hidden sm:inline">Sign in</span>
        <span className="sr-only sm:hidden">Sign in</span>
      </Link>
    );
  }
  return <SignedInMenu />;
}

function SignedInMenu() {
  const session = useSession();
  const navigate = useNavigate();
  const inbox = useInboxBadge();
  const unread = inbox.data?.unread ?? 0;
  const item = ({ isActive }: { isActive: boolean }) =>
    `${menuItemClass} ${isActive ? "font-medium text-zinc-900 dark:text-white" : ""}`;
  return (
    <Menu
      label={unread > 0 ? `Account, ${unread} unread notifications` : "Account"}
      button={
        <>
          {/* The unread dot sits on the icon's corner, clear of the label. */}
          <span className="relative inline-flex">
            <UserIcon />
            {unread > 0 && (
              <span
                aria-hidden="true"
                className="absolute -top-1 -right-1 size-2.5 rounded-full bg-red-600 ring-2 ring-white dark:ring-zinc-950"
              />
            )}
          </span>
          <span className="hidden text-sm font-medium lg:inline">Account</span>
        </>
      }
    >
      <p className="truncate px-3 pt-2 pb-1 text-xs text-zinc-500 dark:text-zinc-400">
        {session.email}
      </p>
      <NavLink to="/account" end className={item}>
        Account
      </NavLink>
      <NavLink to="/orders" className={item}>
        Orders
      </NavLink>
      <NavLink to="/notifications" className={item} aria-label={`Notifications, ${unread} unread`}>
        Notifications
        {unread > 0 && (
          <span
            aria-hidden="true"
            className="rounded-full bg-red-600 px-2 text-xs font-medium text-white"
          >
            {unread}
          </span>
        )}
      </NavLink>
      <NavLink to="/tasks" className={item}>
        Tasks
      </NavLink>
      {session.isAdmin && (
        <NavLink to="/admin/products" className={item}>
          Admin
        </NavLink>
      )}
      <div className="my-1 border-t border-zinc-200 dark:border-zinc-800" />
      <button
        type="button"
        className={menuItemClass}
        onClick={async () => {
          await session.logout();
          // The menu goes with the session: the home page's heading takes focus, not the body.
          navigate("/");
        }}
      >
        Sign out
      </button>
    </Menu>
  );
}
