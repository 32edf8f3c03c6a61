import { formatDateTime } from "../../../lib/format";
import { timeline } from "../orderStatus";

/**
 * The order's life as a vertical timeline: what happened and when (to the
 * minute, in the shopper's locale), and the steps still to come.
 */
export function StatusTimeline({
  status,
  history,
}: {
  status: string;
  history: readonly { status: string; at: string; note?: string | null }[];
}) {
  const steps = timeline(status, history);
  return (
    <ol className="relative space-y-4" aria-label="Order progress">
      {steps.map((step, i) => (
        <li
          key={`${step.status}-${i}`}
          className="relative flex gap-3"
          aria-current={step.state === "current" ? "step" : undefined}
        >
          <span aria-hidden="true" className="relative flex flex-col items-center">
            <span
              className={`mt-1 size-3 rounded-full ring-4 ${
                step.state === "upcoming"
                  ? "bg-white ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-700"
                  : step.state === "current"
                    ? "bg-indigo-600 ring-indigo-100 dark:bg-indigo-400 dark:ring-indigo-950"
                    : "bg-emerald-600 ring-emerald-100 dark:bg-emerald-400 dark:ring-emerald-950"
              }`}
            />
            {i < steps.length - 1 && (
              <span className="absolute top-5 h-[calc(100%+0.25rem)] w-px bg-zinc-200 dark:bg-zinc-700" />
            )}
          </span>
          <div className="min-w-0">
            <p
              className={`text-sm font-medium ${
                step.state === "upcoming" ? "text-zinc-500 dark:text-zinc-400" : ""
              }`}
            >
              {step.label}
              {step.state === "upcoming" && <span className="sr-only"> (still to come)</span>}
            </p>
            {step.at && (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                <time dateTime={step.at}>{formatDateTime(step.at)}</time>
                {step.note ? ` · ${step.note}` : ""}
              </p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
