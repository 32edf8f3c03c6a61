import type { components } from "../../../api/schema";
import { formatDateTime, plural } from "../../../lib/format";
import { Button } from "../../../ui/Button";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useDeadDeliveries, useReplayDelivery } from "../api";
import { AdminNav } from "../components/AdminNav";
import { TableFrame } from "../components/TableFrame";
import { eventLabel } from "../components/orderWords";
import { PANEL, STICKY_CELL, THEAD } from "../components/table";

type Channel = components["schemas"]["Channel"];

const CHANNEL: Record<Channel, string> = {
  email: "Email",
  sms: "SMS",
  in_app: "In-app",
};

export function AdminDeadLettersPage() {
  const dead = useDeadDeliveries();
  const replay = useReplayDelivery();
  return (
    <div className="space-y-4">
      <AdminNav />
      <PageHeader
        title="Failed notifications · Admin"
        heading="Failed notifications"
        description="Messages to customers that could not be sent after every retry. Fix the cause (a mail server, an address), then send them again."
      />
      {dead.isPending ? (
        <Loading label="Loading failed notifications" />
      ) : dead.error ? (
        <ErrorState error={dead.error} retry={() => void dead.refetch()} />
      ) : dead.data.length === 0 ? (
        <Empty title="No failed notifications">Every message to customers went out.</Empty>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {plural(dead.data.length, { one: "message", other: "messages" })} waiting
          </p>
          <TableFrame label="Failed notifications table" className={PANEL}>
            <table className="w-full min-w-[48rem] text-left text-sm">
              <caption className="sr-only">Failed notifications</caption>
              <thead className={THEAD}>
                <tr>
                  <th scope="col" className={`${STICKY_CELL} p-3`}>
                    Message
                  </th>
                  <th scope="col" className="p-3">
                    To
                  </th>
                  <th scope="col" className="p-3">
                    Created
                  </th>
                  <th scope="col" className="p-3">
                    Last error
                  </th>
                  <th scope="col" className="p-3">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {dead.data.map((d) => {
                  const what = `${eventLabel(d.event_type)} (${CHANNEL[d.channel] ?? d.channel})`;
                  return (
                    <tr
                      key={`${d.event_id}-${d.channel}`}
                      className="border-t border-zinc-200 align-top dark:border-zinc-800"
                    >
                      <th scope="row" className={`${STICKY_CELL} p-3 font-normal`}>
                        <span className="block font-medium">{what}</span>
                        <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                          {plural(d.attempts, { one: "try", other: "tries" })}
                        </span>
                      </th>
                      <td className="max-w-[14rem] p-3 break-all">{d.recipient}</td>
                      <td className="p-3 whitespace-nowrap">
                        <time dateTime={d.created_at}>{formatDateTime(d.created_at)}</time>
                      </td>
                      <td className="max-w-[18rem] p-3 text-zinc-700 dark:text-zinc-300">
                        {d.last_error ?? "No error was recorded."}
                      </td>
                      <td className="p-3 text-right">
                        <Button
                          size="sm"
                          aria-label={`Send again: ${what} to ${d.recipient}`}
                          disabled={replay.isPending}
                          onClick={() => replay.mutate(d)}
                        >
                          Send again
                        </Button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
        </>
      )}
    </div>
  );
}
