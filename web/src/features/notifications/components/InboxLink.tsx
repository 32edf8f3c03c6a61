import { NavLink } from "react-router";
import { useInboxBadge } from "../api";

/** The header's link to the inbox, with the unread count. */
export function InboxLink() {
  const inbox = useInboxBadge();
  const unread = inbox.data?.unread ?? 0;
  return (
    <NavLink
      to="/notifications"
      className="btn-secondary"
      aria-label={`Notifications, ${unread} unread`}
    >
      Inbox
      {unread > 0 && (
        <span className="rounded-full bg-red-700 px-2 text-xs text-white" aria-hidden="true">
          {unread}
        </span>
      )}
    </NavLink>
  );
}
