import type { components } from "../../../api/schema";
import { formatDateTime, plural } from "../../../lib/format";
import { Button } from "../../../ui/Button";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useDeadDeliveries, useReplayDelivery } from "../api";
import { AdminNav } from "../components/AdminNav";
import { DataTable } from "../components/DataTable";
import { eventLabel } from "../components/orderWords";

type Channel = components["schemas"]["Channel"];

const CHANNEL: Record<Channel, string> = {
  email: "Email",
  sms: "SMS",
  in_app: "In-app",
};

type Delivery = components["schemas"]["Delivery"];

/** What failed to go out: the event and the channel. */
const what = (d: Delivery) => `${eventLabel(d.event_type)} (${CHANNEL[d.channel] ?? d.channel})`;

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
          <DataTable
            label="Failed notifications table"
            caption="Failed notifications"
            minWidth="min-w-[48rem]"
            alignTop
            rows={dead.data}
            rowKey={(d) => `${d.event_id}-${d.channel}`}
            columns={[
              {
                header: "Message",
                cell: (d) => (
                  <>
                    <span className="block font-medium">{what(d)}</span>
                    <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                      {plural(d.attempts, { one: "try", other: "tries" })}
                    </span>
                  </>
                ),
              },
              { header: "To", className: "max-w-[14rem] break-all", cell: (d) => d.recipient },
              {
                header: "Created",
                className: "whitespace-nowrap",
                cell: (d) => <time dateTime={d.created_at}>{formatDateTime(d.created_at)}</time>,
              },
              {
                header: "Last error",
                className: "max-w-[18rem] text-zinc-700 dark:text-zinc-300",
                cell: (d) => d.last_error ?? "No error was recorded.",
              },
              {
                header: <span className="sr-only">Actions</span>,
                align: "right",
                cell: (d) => (
                  <Button
                    size="sm"
                    aria-label={`Send again: ${what(d)} to ${d.recipient}`}
                    disabled={replay.isPending}
                    onClick={() => replay.mutate(d)}
                  >
                    Send again
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
