import { Link } from "react-router";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useInbox, useMarkAllRead, useMarkRead } from "../api";

export function NotificationsPage() {
  const inbox = useInbox();
  const read = useMarkRead();
  const readAll = useMarkAllRead();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        {(inbox.data?.unread ?? 0) > 0 && (
          <button type="button" className="btn-secondary" onClick={() => readAll.mutate()}>
            Mark all read
          </button>
        )}
      </div>
      {inbox.isPending ? (
        <Loading label="Loading notifications" />
      ) : inbox.error ? (
        <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <Empty title="Nothing here yet">Order updates appear here as they happen.</Empty>
      ) : (
        <ul className="space-y-2" aria-label="Notifications">
          {inbox.data.items.map((item) => (
            <li
              key={item.id}
              className={`card p-4 ${item.read_at ? "opacity-70" : "border-indigo-400"}`}
            >
              <p className="font-medium">{item.title}</p>
              <p className="text-sm">{item.body}</p>
              <div className="mt-2 flex gap-3 text-sm">
                {item.link && (
                  <Link to={new URL(item.link, location.origin).pathname} className="underline">
                    Open
                  </Link>
                )}
                {!item.read_at && (
                  <button type="button" className="underline" onClick={() => read.mutate(item.id)}>
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
