import { Link } from "react-router";
import { formatDateTime, plural } from "../../../lib/format";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useTraces } from "../api";
import { AdminNav } from "../components/AdminNav";
import { DataTable } from "../components/DataTable";
import { formatDuration } from "../traces/waterfall";

/** The recent traces `feira up` keeps: what each request touched and how long it took. */
export function AdminTracesPage() {
  const traces = useTraces();
  return (
    <div className="space-y-4">
      <AdminNav />
      <PageHeader
        title="Traces · Admin"
        heading="Traces"
        description="Recent requests as they crossed the services, the event bus and the notifications. Open one to see each step and how long it took."
      />
      {traces.isPending ? (
        <Loading label="Loading traces" />
      ) : traces.error ? (
        <ErrorState error={traces.error} retry={() => void traces.refetch()} />
      ) : !traces.data.enabled ? (
        <Empty title="Traces are not kept here">
          This process keeps no traces in memory (telemetry.recent_spans is 0). A deployment exports
          them to its collector instead.
        </Empty>
      ) : traces.data.items.length === 0 ? (
        <Empty title="No traces yet">Browse the shop or place an order, then come back.</Empty>
      ) : (
        <>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {plural(traces.data.items.length, { one: "trace", other: "traces" })},{" "}
            {plural(traces.data.spans_kept, { one: "span", other: "spans" })} kept
          </p>
          <DataTable
            label="Traces table"
            caption="Recent traces"
            minWidth="min-w-[44rem]"
            rows={traces.data.items}
            rowKey={(t) => t.trace_id}
            columns={[
              {
                header: "Request",
                cell: (t) => (
                  <Link
                    to={`/admin/traces/${t.trace_id}`}
                    className="font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
                  >
                    {t.name || t.trace_id}
                  </Link>
                ),
              },
              {
                header: "Crossed",
                cell: (t) => (
                  <span className="flex flex-wrap gap-1">
                    {t.components.map((c) => (
                      <span
                        key={c}
                        className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
                      >
                        {c}
                      </span>
                    ))}
                  </span>
                ),
              },
              { header: "Spans", align: "right", cell: (t) => t.spans },
              {
                header: "Took",
                align: "right",
                className: "whitespace-nowrap",
                cell: (t) => (
                  <>
                    {formatDuration(t.duration_us)}
                    {t.error && (
                      <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
                        Error
                      </span>
                    )}
                  </>
                ),
              },
              {
                header: "Started",
                className: "whitespace-nowrap",
                cell: (t) => (
                  <time dateTime={new Date(t.start_us / 1000).toISOString()}>
                    {formatDateTime(new Date(t.start_us / 1000))}
                  </time>
                ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}
