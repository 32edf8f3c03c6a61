import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Link } from "react-router";
import { ErrorState, Loading } from "../../../ui/states";
import { useDueSoon, useInsights } from "../api";
import { TasksNav } from "../components/TasksNav";

function Card({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="card p-4">
      <p className="text-sm text-slate-600 dark:text-slate-400">{label}</p>
      <p className="text-3xl font-semibold" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <section className="card p-4" aria-label={title}>
      <h2 className="mb-2 font-medium">{title}</h2>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </section>
  );
}

export function DashboardPage() {
  const insights = useInsights();
  const soon = useDueSoon();
  if (insights.isPending) return <Loading label="Loading insights" />;
  if (insights.error)
    return <ErrorState error={insights.error} retry={() => void insights.refetch()} />;
  const i = insights.data;
  const buckets = [
    { name: "Overdue", tasks: i.by_deadline.overdue },
    { name: "Today", tasks: i.by_deadline.today },
    { name: "This week", tasks: i.by_deadline.this_week },
    { name: "Later", tasks: i.by_deadline.later },
    { name: "No deadline", tasks: i.by_deadline.no_deadline },
  ];
  return (
    <div className="space-y-4">
      <TasksNav />
      <h1 className="text-2xl font-semibold">Dashboard</h1>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Card label="Pending" value={i.pending} testId="pending-count" />
        <Card label="Completed" value={i.completed} testId="completed-count" />
        <Card
          label="Completion rate"
          value={`${Math.round(i.completion_rate * 100)}%`}
          testId="completion-rate"
        />
        <Card label="Overdue" value={i.by_deadline.overdue} testId="overdue-count" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Chart title="By priority">
          <BarChart data={i.by_priority}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="priority" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="pending" stackId="a" fill="#4338ca" />
            <Bar dataKey="completed" stackId="a" fill="#10b981" />
          </BarChart>
        </Chart>
        <Chart title="Pending by deadline">
          <BarChart data={buckets}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="tasks" fill="#f59e0b" />
          </BarChart>
        </Chart>
        <Chart title="Completed per day (30 days)">
          <LineChart data={i.completed_per_day}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Line type="monotone" dataKey="count" stroke="#4338ca" dot={false} />
          </LineChart>
        </Chart>
        <section className="card p-4" aria-label="Due soon">
          <h2 className="mb-2 font-medium">Overdue and due today</h2>
          <ul className="space-y-1 text-sm">
            {soon.data?.items.map((t) => (
              <li key={t.id}>
                <Link to={`/tasks/${t.id}`} className="underline">
                  {t.title}
                </Link>{" "}
                {t.deadline && new Date(t.deadline).toLocaleString()}
              </li>
            ))}
            {soon.data?.items.length === 0 && <li>Nothing due.</li>}
          </ul>
          <h2 className="mb-1 mt-4 font-medium">Top tags</h2>
          <ul className="flex flex-wrap gap-2 text-sm">
            {i.top_tags.map((t) => (
              <li
                key={t.name}
                className="flex items-center gap-1 rounded border border-slate-300 px-2 py-0.5 dark:border-slate-700"
              >
                {/* The tag's colour as a swatch: text on it could be unreadable. */}
                <span
                  aria-hidden="true"
                  className="inline-block h-3 w-3 rounded-full"
                  style={{ background: t.colour }}
                />
                {t.name} · {t.tasks}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
