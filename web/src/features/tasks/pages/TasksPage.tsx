import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../../lib/problem";
import { Pager } from "../../../ui/nav";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useAddTask, useBulkTasks, useTags, useTaskAction, useTasks } from "../api";
import { TasksNav } from "../components/TasksNav";
import {
  SORTS,
  localToRfc3339,
  parseTags,
  parseTaskFilters,
  taskSearch,
  type TaskFilters,
} from "../taskQuery";

const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
type Priority = (typeof PRIORITIES)[number];

const badge: Record<string, string> = {
  urgent: "bg-red-100 text-red-900",
  high: "bg-amber-100 text-amber-900",
  medium: "bg-sky-100 text-sky-900",
  low: "bg-slate-200 text-slate-800",
};

function QuickAdd() {
  const tags = useTags();
  const add = useAddTask();
  const errors = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  return (
    <form
      aria-label="Add a task"
      className="card grid gap-2 p-3 sm:grid-cols-[1fr_8rem_12rem_10rem_auto]"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const target = e.currentTarget;
        add.mutate(
          {
            title: String(form.get("title")),
            priority: String(form.get("priority")) as Priority,
            deadline: localToRfc3339(String(form.get("deadline"))),
            tags: parseTags(String(form.get("tags"))),
          },
          { onSuccess: () => target.reset() },
        );
      }}
    >
      <div>
        <label htmlFor="new-title" className="sr-only">
          New task
        </label>
        <input
          id="new-title"
          name="title"
          className="input"
          placeholder="What needs doing?"
          aria-invalid={errors.title ? true : undefined}
        />
        {errors.title && <p className="text-sm text-red-700">Title {errors.title}</p>}
      </div>
      <div>
        <label htmlFor="new-priority" className="sr-only">
          Priority
        </label>
        <select id="new-priority" name="priority" className="input" defaultValue="medium">
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="new-deadline" className="sr-only">
          Deadline
        </label>
        <input id="new-deadline" name="deadline" type="datetime-local" className="input" />
      </div>
      <div>
        <label htmlFor="new-tags" className="sr-only">
          Tags (comma-separated)
        </label>
        <input
          id="new-tags"
          name="tags"
          className="input"
          placeholder="tags, comma-separated"
          list="tag-names"
        />
        <datalist id="tag-names">
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
      </div>
      <button type="submit" className="btn-primary" disabled={add.isPending}>
        Add
      </button>
    </form>
  );
}

function Filters({
  filters,
  update,
}: {
  filters: TaskFilters;
  update: (c: Partial<TaskFilters>) => void;
}) {
  const tags = useTags();
  return (
    <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
      <div>
        <label htmlFor="f-status" className="label">
          Status
        </label>
        <select
          id="f-status"
          className="input"
          value={filters.status}
          onChange={(e) => update({ status: e.target.value as TaskFilters["status"] })}
        >
          <option value="">All</option>
          <option value="pending">Pending</option>
          <option value="completed">Completed</option>
        </select>
      </div>
      <fieldset className="flex gap-2">
        <legend className="label">Priority</legend>
        {PRIORITIES.map((p) => (
          <label key={p} className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={filters.priority.includes(p)}
              onChange={(e) =>
                update({
                  priority: e.target.checked
                    ? [...filters.priority, p]
                    : filters.priority.filter((x) => x !== p),
                })
              }
            />
            {p}
          </label>
        ))}
      </fieldset>
      <div>
        <label htmlFor="f-tag" className="label">
          Tag
        </label>
        <select
          id="f-tag"
          className="input"
          value={filters.tag}
          onChange={(e) => update({ tag: e.target.value })}
        >
          <option value="">Any</option>
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="f-q" className="label">
          Search tasks
        </label>
        <input
          id="f-q"
          type="search"
          className="input"
          defaultValue={filters.q}
          onBlur={(e) => update({ q: e.target.value })}
          onKeyDown={(e) => e.key === "Enter" && update({ q: e.currentTarget.value })}
        />
      </div>
      <label className="flex items-center gap-1 text-sm">
        <input
          type="checkbox"
          checked={filters.overdue}
          onChange={(e) => update({ overdue: e.target.checked })}
        />
        Overdue only
      </label>
      <div>
        <label htmlFor="f-sort" className="label">
          Sort tasks by
        </label>
        <select
          id="f-sort"
          className="input"
          value={filters.sort}
          onChange={(e) => update({ sort: e.target.value })}
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function TasksPage() {
  const [params, setParams] = useSearchParams();
  const filters = parseTaskFilters(params);
  const update = (change: Partial<TaskFilters>) =>
    setParams(taskSearch({ ...filters, ...change, page: change.page ?? 1 }));
  const [selected, setSelected] = useState<string[]>([]);
  const list = useTasks(filters);
  const act = useTaskAction();
  const bulk = useBulkTasks(() => setSelected([]));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.per_page)) : 1;
  return (
    <div className="space-y-4">
      <TasksNav />
      <h1 className="text-2xl font-semibold">Tasks</h1>
      <QuickAdd />
      <Filters filters={filters} update={update} />
      {selected.length > 0 && (
        <div className="flex gap-2" role="group" aria-label="Selected tasks">
          <button
            type="button"
            className="btn-secondary"
            onClick={() => bulk.mutate({ kind: "complete", ids: selected })}
          >
            Complete {selected.length} selected
          </button>
          <button
            type="button"
            className="btn-secondary"
            onClick={() => bulk.mutate({ kind: "delete", ids: selected })}
          >
            Delete {selected.length} selected
          </button>
        </div>
      )}
      {list.isPending ? (
        <Loading label="Loading tasks" />
      ) : list.error ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty title="No tasks here">Add one above, or loosen the filters.</Empty>
      ) : (
        <ul className="space-y-2" aria-label="Task list" data-total={list.data.total}>
          {list.data.items.map((task) => (
            <li
              key={task.id}
              className="card flex flex-wrap items-center gap-3 p-3"
              data-testid="task"
            >
              <input
                type="checkbox"
                aria-label={`Select ${task.title}`}
                checked={selected.includes(task.id)}
                onChange={(e) =>
                  setSelected(
                    e.target.checked
                      ? [...selected, task.id]
                      : selected.filter((id) => id !== task.id),
                  )
                }
              />
              <button
                type="button"
                className="btn-secondary px-2 py-1"
                aria-label={
                  task.status === "completed" ? `Reopen ${task.title}` : `Complete ${task.title}`
                }
                onClick={() =>
                  act.mutate({ kind: task.status === "completed" ? "reopen" : "complete", task })
                }
              >
                {task.status === "completed" ? "✓" : "○"}
              </button>
              <div className="min-w-0 flex-1">
                <Link
                  to={`/tasks/${task.id}`}
                  className={`font-medium ${task.status === "completed" ? "line-through opacity-70" : ""}`}
                >
                  {task.title}
                </Link>
                <div className="flex flex-wrap gap-2 text-xs">
                  <span className={`rounded px-2 py-0.5 ${badge[task.priority]}`}>
                    {task.priority}
                  </span>
                  {task.deadline && <span>due {new Date(task.deadline).toLocaleString()}</span>}
                  {task.tags.map((t) => (
                    <span key={t} className="rounded bg-indigo-100 px-2 py-0.5 text-indigo-900">
                      {t}
                    </span>
                  ))}
                </div>
              </div>
              <button
                type="button"
                className="btn-secondary"
                aria-label={`Delete ${task.title}`}
                onClick={() => act.mutate({ kind: "delete", task })}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <Pager page={filters.page} pages={pages} go={(page) => update({ page })} />
    </div>
  );
}
