import { Link, useParams } from "react-router";
import { plural } from "../../../lib/format";
import { PageHeader } from "../../../ui/Page";
import { ErrorState, Loading } from "../../../ui/states";
import { useTrace } from "../api";
import { AdminNav } from "../components/AdminNav";
import { formatDuration, waterfall } from "../traces/waterfall";

/** One trace as a waterfall: each span on the trace's time line, under its parent. */
export function AdminTracePage() {
  const { id = "" } = useParams();
  const trace = useTrace(id);
  const rows = trace.data ? waterfall(trace.data.spans) : [];
  const root = rows[0]?.span;
  const total = root
    ? Math.max(...rows.map((r) => r.span.start_us + r.span.duration_us)) -
      Math.min(...rows.map((r) => r.span.start_us))
    : 0;
  return (
    <div className="space-y-4">
      <AdminNav />
      <p className="text-sm">
        <Link
          to="/admin/traces"
          className="text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          ← All traces
        </Link>
      </p>
      <PageHeader
        title="Trace · Admin"
        heading={root?.name ?? "Trace"}
        description={
          root
            ? `${plural(rows.length, { one: "span", other: "spans" })} over ${formatDuration(total)} · trace ${id}`
            : `Trace ${id}`
        }
      />
      {trace.isPending ? (
        <Loading label="Loading the trace" />
      ) : trace.error ? (
        <ErrorState error={trace.error} retry={() => void trace.refetch()} />
      ) : (
        <ol
          aria-label="Spans, each under its parent"
          className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        >
          {rows.map(({ span, depth, offset, width }) => (
            <li key={span.span_id} className="px-3 py-2">
              <details>
                <summary className="grid cursor-pointer grid-cols-1 gap-1 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] sm:items-center sm:gap-4">
                  <span
                    className="flex min-w-0 items-baseline gap-2"
                    style={{ paddingLeft: `${Math.min(depth, 8) * 0.75}rem` }}
                  >
                    <span className="truncate font-medium">{span.name}</span>
                    <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                      {span.component}
                    </span>
                    {span.error && (
                      <span className="shrink-0 rounded bg-red-100 px-1.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">
                        Error
                      </span>
                    )}
                  </span>
                  <span className="flex items-center gap-2">
                    <span
                      className="relative h-3 flex-1 rounded bg-zinc-100 dark:bg-zinc-800"
                      aria-hidden="true"
                    >
                      <span
                        className={`absolute inset-y-0 rounded ${span.error ? "bg-red-600" : "bg-indigo-600 dark:bg-indigo-400"}`}
                        style={{ left: `${offset}%`, width: `${width}%` }}
                      />
                    </span>
                    <span className="w-16 shrink-0 text-right text-xs text-zinc-700 tabular-nums dark:text-zinc-300">
                      {formatDuration(span.duration_us)}
                    </span>
                  </span>
                </summary>
                <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_minmax(0,1fr)]">
                  <dt className="text-zinc-600 dark:text-zinc-400">kind</dt>
                  <dd className="break-all">{span.kind}</dd>
                  {Object.entries(span.attributes).map(([key, value]) => (
                    <div key={key} className="contents">
                      <dt className="text-zinc-600 dark:text-zinc-400">{key}</dt>
                      <dd className="break-all">{value}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
