import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Link } from "react-router";
import { formatDateTime, formatNumber, userLocale } from "../../../lib/format";
import { LinkButton } from "../../../ui/Button";
import { PageHeader } from "../../../ui/Page";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useDueSoon, useInsights } from "../api";
import { useChartTheme } from "../components/chartTheme";
import { Deadline } from "../components/TaskBits";

const PRIORITY_NAMES: Record<string, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

function Card({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{label}</p>
      <p
        className="text-3xl font-semibold text-zinc-900 tabular-nums dark:text-white"
        data-testid={testId}
      >
        {value}
      </p>
    </div>
  );
}

// Charts draw at once (no entry animation): the figures are the point, and
// reduced-motion users and screenshots see them complete.
function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <section
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      aria-label={title}
    >
      <h2 className="mb-2 font-medium text-zinc-900 dark:text-white">{title}</h2>
      <div className="h-60">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** "1 Dec": a chart's day label, in the visitor's language. */
const shortDay = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(userLocale(), {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
};

export function DashboardPage() {
  const insights = useInsights();
  const soon = useDueSoon();
  const theme = useChartTheme();
  const header = <PageHeader title="Tasks dashboard" heading="Dashboard" />;
  if (insights.isPending)
    return (
      <>
        {header}
        <Loading label="Loading insights" />
      </>
    );
  if (insights.error)
    return (
      <>
        {header}
        <ErrorState error={insights.error} retry={() => void insights.refetch()} />
      </>
    );
  const i = insights.data;
  if (i.pending + i.completed === 0)
    return (
      <>
        {header}
        <Empty
          title="Nothing to chart yet"
          action={
            <LinkButton to="/tasks" variant="primary">
              Add a task
            </LinkButton>
          }
        >
          Add a few tasks and complete some: this page then shows what is due, what is done and
          which tags you use most.
        </Empty>
      </>
    );
  const buckets = [
    { name: "Overdue", tasks: i.by_deadline.overdue },
    { name: "Today", tasks: i.by_deadline.today },
    { name: "This week", tasks: i.by_deadline.this_week },
    { name: "Later", tasks: i.by_deadline.later },
    { name: "No deadline", tasks: i.by_deadline.no_deadline },
  ];
  const byPriority = i.by_priority.map((p) => ({
    ...p,
    name: PRIORITY_NAMES[p.priority] ?? p.priority,
  }));
  const axis = { stroke: theme.grid, tick: { fill: theme.axis, fontSize: 12 } };
  const tooltip = {
    contentStyle: { ...theme.tooltip, borderRadius: 8 },
    labelStyle: { color: theme.tooltip.color },
    cursor: { fill: theme.cursor },
  };
  return (
    <div>
      {header}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Card label="Pending" value={formatNumber(i.pending)} testId="pending-count" />
        <Card label="Completed" value={formatNumber(i.completed)} testId="completed-count" />
        <Card
          label="Completion rate"
          value={`${Math.round(i.completion_rate * 100)}%`}
          testId="completion-rate"
        />
        <Card label="Overdue" value={formatNumber(i.by_deadline.overdue)} testId="overdue-count" />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Chart title="By priority">
          <BarChart data={byPriority}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.grid} vertical={false} />
            <XAxis dataKey="name" {...axis} />
            <YAxis allowDecimals={false} width={32} {...axis} />
            <Tooltip {...tooltip} />
            <Legend wrapperStyle={{ color: theme.axis, fontSize: 13 }} />
            <Bar
              dataKey="pending"
              name="Pending"
              stackId="a"
              fill={theme.pending}
              isAnimationActive={false}
            />
            <Bar
              dataKey="completed"
              name="Done"
              stackId="a"
              fill={theme.done}
              isAnimationActive={false}
            />
          </BarChart>
        </Chart>
        <Chart title="Pending by deadline">
          <BarChart data={buckets}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.grid} vertical={false} />
            <XAxis dataKey="name" {...axis} interval={0} />
            <YAxis allowDecimals={false} width={32} {...axis} />
            <Tooltip {...tooltip} />
            <Bar
              dataKey="tasks"
              name="Pending tasks"
              fill={theme.deadline}
              isAnimationActive={false}
            />
          </BarChart>
        </Chart>
        <Chart title="Completed per day (30 days)">
          <LineChart data={i.completed_per_day}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.grid} vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
            <YAxis allowDecimals={false} width={32} {...axis} />
            <Tooltip {...tooltip} labelFormatter={(d) => shortDay(String(d))} />
            <Line
              type="monotone"
              dataKey="count"
              name="Completed"
              stroke={theme.line}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </Chart>
        <section
          className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
          aria-label="Due soon"
        >
          <h2 className="mb-2 font-medium text-zinc-900 dark:text-white">Overdue and due today</h2>
          <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {soon.data?.items.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <Link
                  to={`/tasks/${t.id}`}
                  className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-white"
                >
                  {t.title}
                </Link>
                {t.deadline && (
                  <span title={formatDateTime(t.deadline)}>
                    <Deadline task={t} />
                  </span>
                )}
              </li>
            ))}
            {soon.data?.items.length === 0 && (
              <li className="py-2 text-zinc-600 dark:text-zinc-400">Nothing due. Well done.</li>
            )}
          </ul>
          <h2 className="mt-4 mb-2 font-medium text-zinc-900 dark:text-white">Top tags</h2>
          {i.top_tags.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No tags on your tasks yet.</p>
          ) : (
            <ul className="flex flex-wrap gap-2 text-sm">
              {i.top_tags.map((t) => (
                <li
                  key={t.name}
                  className="flex items-center gap-1.5 rounded-full border border-zinc-300 px-2.5 py-0.5 text-zinc-800 dark:border-zinc-700 dark:text-zinc-200"
                >
                  <span
                    aria-hidden="true"
                    className="inline-block size-3 rounded-full ring-1 ring-black/10 dark:ring-white/20"
                    style={{ background: t.colour }}
                  />
                  {t.name} · {formatNumber(t.tasks)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
