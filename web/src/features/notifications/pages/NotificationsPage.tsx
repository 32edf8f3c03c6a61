import { Link } from "react-router";
import { formatDateTime, formatRelative, plural } from "../../../lib/format";
import { Button } from "../../../ui/Button";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useInbox, useMarkAllRead, useMarkRead } from "../api";

/** A link the server gave ("https://shop/orders/1", "/orders/1") as a path in this app. */
function localPath(link: string): string {
  return new URL(link, location.origin).pathname;
}

/**
 * The in-app inbox: newest first, each with when it came (relative, the exact
 * minute on hover and for screen readers), what it is about and a way to it.
 */
export function NotificationsPage() {
  const inbox = useInbox();
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  const unread = inbox.data?.unread ?? 0;
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Notifications"
        description={
          inbox.data
            ? unread > 0
              ? `${plural(unread, { one: "unread notification", other: "unread notifications" })}`
              : "You are all caught up."
            : undefined
        }
        actions={
          unread > 0 ? (
            <Button size="sm" loading={readAll.isPending} onClick={() => readAll.mutate()}>
              Mark all as read
            </Button>
          ) : undefined
        }
      />
      {inbox.isPending ? (
        <Loading label="Loading notifications" />
      ) : inbox.error ? (
        <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <Empty title="Nothing here yet">Order updates appear here as they happen.</Empty>
      ) : (
        <ul className="space-y-3" aria-label="Notifications">
          {inbox.data.items.map((item) => {
            const isUnread = !item.read_at;
            return (
              <li
                key={item.id}
                className={`rounded-xl border bg-white p-4 dark:bg-zinc-900 ${
                  isUnread
                    ? "border-indigo-300 dark:border-indigo-700"
                    : "border-zinc-200 dark:border-zinc-800"
                }`}
              >
                <div className="flex items-start justify-between gap-3">
                  <h2 className="flex items-center gap-2 text-base font-semibold">
                    {isUnread && (
                      <span
                        aria-hidden="true"
                        className="size-2 shrink-0 rounded-full bg-indigo-600 dark:bg-indigo-400"
                      />
                    )}
                    {isUnread && <span className="sr-only">Unread: </span>}
                    {item.title}
                  </h2>
                  <time
                    dateTime={item.created_at}
                    title={formatDateTime(item.created_at)}
                    className="shrink-0 text-sm text-zinc-600 dark:text-zinc-400"
                  >
                    {formatRelative(item.created_at)}
                  </time>
                </div>
                <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{item.body}</p>
                <div className="mt-3 flex flex-wrap gap-2">
                  {item.link && (
                    <Link
                      to={localPath(item.link)}
                      onClick={() => isUnread && read.mutate(item.id)}
                      className="text-sm font-medium underline underline-offset-4"
                    >
                      View order<span className="sr-only">: {item.title}</span>
                    </Link>
                  )}
                  {isUnread && (
                    <button
                      type="button"
                      className="text-sm text-zinc-600 underline underline-offset-4 dark:text-zinc-400"
                      onClick={() => read.mutate(item.id)}
                    >
                      Mark as read<span className="sr-only">: {item.title}</span>
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
