import { useEffect, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { fieldErrors } from "../../../lib/problem";
import { plural } from "../../../lib/format";
import { Button } from "../../../ui/Button";
import { Checkbox, Field, Select, TextInput } from "../../../ui/Field";
import { FilterIcon } from "../../../ui/icons";
import { Pager } from "../../../ui/nav";
import { PageHeader } from "../../../ui/Page";
import { useConfirm } from "../../../ui/confirm";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useAddTask, useBulkTasks, useTags, useTaskAction, useTasks } from "../api";
import {
  CheckCircleIcon,
  Deadline,
  PriorityBadge,
  TagChips,
  TrashIcon,
} from "../components/TaskBits";
import { useNow, withoutError } from "../components/hooks";
import { isOverdue } from "../tagColour";
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
const PRIORITY_NAMES: Record<Priority, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  urgent: "Urgent",
};

/** "1 task", "3 tasks", in the visitor's number format. */
const tasks = (n: number) => plural(n, { one: "task", other: "tasks" });

function QuickAdd() {
  const tags = useTags();
  const add = useAddTask();
  // The server's field errors, shown until the field changes or the next try.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [more, setMore] = useState(false);
  return (
    <form
      aria-label="Add a task"
      className="rounded-xl border border-zinc-200 bg-white p-3 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const target = e.currentTarget;
        const text = String(form.get("title")).trim();
        if (!text) {
          setErrors({ title: "Give the task a title." });
          document.getElementById("new-title")?.focus();
          return;
        }
        setErrors({});
        add.mutate(
          {
            title: text,
            priority: String(form.get("priority") ?? "medium") as Priority,
            deadline: localToRfc3339(String(form.get("deadline") ?? "")),
            tags: parseTags(String(form.get("tags") ?? "")),
          },
          {
            onSuccess: () => {
              target.reset();
              setMore(false);
            },
            onError: (error) => setErrors(fieldErrors(error)),
          },
        );
      }}
    >
      <div className="flex items-start gap-2">
        <Field label="New task" hideLabel error={errors.title} className="min-w-0 flex-1">
          <TextInput
            id="new-title"
            name="title"
            placeholder="What needs doing?"
            autoComplete="off"
            onChange={() => errors.title && setErrors((e) => withoutError(e, "title"))}
          />
        </Field>
        <Button type="submit" variant="primary" loading={add.isPending}>
          Add
        </Button>
      </div>
      <button
        type="button"
        className="mt-2 text-sm font-medium text-zinc-600 underline-offset-2 hover:underline sm:hidden dark:text-zinc-400"
        aria-expanded={more}
        aria-controls="new-task-details"
        onClick={() => setMore((m) => !m)}
      >
        {more ? "Fewer options" : "Priority, deadline, tags"}{" "}
        <span aria-hidden="true">{more ? "▴" : "▾"}</span>
      </button>
      <div
        id="new-task-details"
        className={`${more ? "grid" : "hidden"} mt-3 gap-3 sm:grid sm:grid-cols-[10rem_14rem_1fr]`}
      >
        <Field label="Priority">
          <Select id="new-priority" name="priority" defaultValue="medium">
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_NAMES[p]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Deadline" optional error={errors.deadline}>
          <TextInput id="new-deadline" name="deadline" type="datetime-local" />
        </Field>
        <Field label="Tags (comma-separated)" optional error={errors.tags}>
          <TextInput
            id="new-tags"
            name="tags"
            placeholder="work, home"
            list="tag-names"
            autoComplete="off"
          />
        </Field>
        <datalist id="tag-names">
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
      </div>
    </form>
  );
}

/** How many filters narrow the list, for the phone's Filters button. */
function activeFilters(f: TaskFilters): number {
  return [f.status, f.priority.length > 0, f.tag, f.q.trim(), f.overdue].filter(Boolean).length;
}

function Filters({
  filters,
  update,
}: {
  filters: TaskFilters;
  update: (c: Partial<TaskFilters>) => void;
}) {
  const tags = useTags();
  const [open, setOpen] = useState(false);
  const active = activeFilters(filters);
  return (
    <div>
      <div className="flex items-center gap-2 sm:hidden">
        <Button
          size="sm"
          icon={<FilterIcon className="size-4" />}
          aria-expanded={open}
          aria-controls="task-filters"
          onClick={() => setOpen((o) => !o)}
        >
          {active > 0 ? `Filters (${active})` : "Filters"}
        </Button>
        <label htmlFor="f-sort-phone" className="sr-only">
          Sort tasks by
        </label>
        <Select
          id="f-sort-phone"
          className="h-9! flex-1"
          value={filters.sort}
          onChange={(e) => update({ sort: e.target.value })}
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div
        id="task-filters"
        role="group"
        aria-label="Filters"
        className={`${open ? "grid" : "hidden"} mt-3 grid-cols-2 gap-3 sm:mt-0 sm:grid sm:grid-cols-[9rem_1fr_10rem_1fr_auto] sm:items-end lg:grid-cols-[9rem_auto_10rem_1fr_auto_13rem]`}
      >
        <Field label="Status">
          <Select
            id="f-status"
            value={filters.status}
            onChange={(e) => update({ status: e.target.value as TaskFilters["status"] })}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="completed">Completed</option>
          </Select>
        </Field>
        <fieldset className="col-span-2 sm:col-span-1">
          <legend className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Priority
          </legend>
          <div className="flex h-11 flex-wrap items-center gap-x-3 gap-y-1">
            {PRIORITIES.map((p) => (
              <Checkbox
                key={p}
                label={PRIORITY_NAMES[p]}
                checked={filters.priority.includes(p)}
                onChange={(e) =>
                  update({
                    priority: e.target.checked
                      ? [...filters.priority, p]
                      : filters.priority.filter((x) => x !== p),
                  })
                }
              />
            ))}
          </div>
        </fieldset>
        <Field label="Tag">
          <Select id="f-tag" value={filters.tag} onChange={(e) => update({ tag: e.target.value })}>
            <option value="">Any</option>
            {tags.data?.map((t) => (
              <option key={t.id} value={t.name}>
                {t.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Search tasks">
          <TextInput
            id="f-q"
            type="search"
            defaultValue={filters.q}
            onBlur={(e) => update({ q: e.target.value })}
            onKeyDown={(e) => e.key === "Enter" && update({ q: e.currentTarget.value })}
          />
        </Field>
        <div className="flex h-11 items-center sm:self-end">
          <Checkbox
            label="Overdue only"
            checked={filters.overdue}
            onChange={(e) => update({ overdue: e.target.checked })}
          />
        </div>
        <Field label="Sort tasks by" className="hidden sm:block">
          <Select
            id="f-sort"
            value={filters.sort}
            onChange={(e) => update({ sort: e.target.value })}
          >
            {Object.entries(SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </div>
  );
}

/** A checkbox that can also show "some selected". */
function SelectAll({
  all,
  some,
  count,
  onChange,
}: {
  all: boolean;
  some: boolean;
  count: number;
  onChange: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some && !all;
  }, [all, some]);
  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-sm font-medium">
      <input
        ref={ref}
        type="checkbox"
        className="size-4 accent-zinc-900 dark:accent-white"
        checked={all}
        onChange={(e) => onChange(e.target.checked)}
      />
      Select all {count} on this page
    </label>
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
  const confirm = useConfirm();
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.per_page)) : 1;
  const items = list.data?.items ?? [];
  // Only what is on screen can be selected: a selection never hides off the page.
  const visible = new Set(items.map((t) => t.id));
  const chosen = selected.filter((id) => visible.has(id));
  const now = useNow();
  const filtered = activeFilters(filters) > 0;
  const deleteSelected = async () => {
    const n = chosen.length;
    const ok = await confirm({
      title: `Delete ${tasks(n)}?`,
      description: "They leave your list and dashboard. You can undo this right after.",
      confirmLabel: `Delete ${tasks(n)}`,
      cancelLabel: "Keep them",
      destructive: true,
    });
    if (ok) bulk.mutate({ kind: "delete", ids: chosen });
  };
  return (
    <div className="space-y-4">
      <PageHeader
        title="Tasks"
        className="mb-2!"
        description={list.data ? `${tasks(list.data.total)}${filtered ? " match" : ""}` : undefined}
      />
      <QuickAdd />
      <Filters filters={filters} update={update} />
      {items.length > 0 && (
        <div
          className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-2 rounded-xl bg-zinc-100 px-3 py-2 dark:bg-zinc-900"
          role="group"
          aria-label="Selected tasks"
        >
          <SelectAll
            all={chosen.length === items.length}
            some={chosen.length > 0}
            count={items.length}
            onChange={(checked) => setSelected(checked ? items.map((t) => t.id) : [])}
          />
          {chosen.length > 0 && (
            <div className="ml-auto flex gap-2">
              <Button
                size="sm"
                loading={bulk.isPending && bulk.variables?.kind === "complete"}
                onClick={() => bulk.mutate({ kind: "complete", ids: chosen })}
              >
                Mark {chosen.length} done
              </Button>
              <Button
                size="sm"
                variant="danger"
                loading={bulk.isPending && bulk.variables?.kind === "delete"}
                onClick={() => void deleteSelected()}
              >
                Delete {chosen.length} selected
              </Button>
            </div>
          )}
        </div>
      )}
      {list.isPending ? (
        <Loading label="Loading tasks" />
      ) : list.error ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <Empty
            title="No tasks match these filters"
            action={<Button onClick={() => setParams(new URLSearchParams())}>Clear filters</Button>}
          >
            Try another tag or status, or clear the filters to see every task.
          </Empty>
        ) : (
          <Empty title="No tasks here">Add your first one above: a title is all it needs.</Empty>
        )
      ) : (
        <ul className="space-y-2" aria-label="Task list" data-total={list.data.total}>
          {items.map((task) => {
            const done = task.status === "completed";
            const overdue = isOverdue(task, now);
            return (
              <li
                key={task.id}
                data-testid="task"
                data-overdue={overdue || undefined}
                className={`flex items-start gap-3 rounded-xl border bg-white p-3 shadow-xs dark:bg-zinc-900 ${
                  overdue
                    ? "border-red-300 border-l-4 border-l-red-600 dark:border-red-900 dark:border-l-red-500"
                    : "border-zinc-200 dark:border-zinc-800"
                }`}
              >
                <input
                  type="checkbox"
                  className="mt-1 size-4 shrink-0 accent-zinc-900 dark:accent-white"
                  aria-label={`Select ${task.title}`}
                  checked={chosen.includes(task.id)}
                  onChange={(e) =>
                    setSelected(
                      e.target.checked
                        ? [...chosen, task.id]
                        : chosen.filter((id) => id !== task.id),
                    )
                  }
                />
                <div className="min-w-0 flex-1 space-y-1.5">
                  <Link
                    to={`/tasks/${task.id}`}
                    className={`block rounded font-medium break-words hover:underline ${
                      done
                        ? "text-zinc-500 line-through dark:text-zinc-400"
                        : "text-zinc-900 dark:text-white"
                    }`}
                  >
                    {task.title}
                  </Link>
                  <div className="flex flex-wrap items-center gap-2">
                    <PriorityBadge priority={task.priority} />
                    {done && <span className="text-xs text-zinc-600 dark:text-zinc-400">Done</span>}
                    <Deadline task={task} now={now} />
                    <TagChips names={task.tags} />
                  </div>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-2 sm:flex-row sm:items-center">
                  <Button
                    size="sm"
                    className={done ? "text-emerald-700! dark:text-emerald-400!" : ""}
                    icon={<CheckCircleIcon done={done} />}
                    onClick={() => act.mutate({ kind: done ? "reopen" : "complete", task })}
                  >
                    {done ? (
                      <>
                        <span className="sr-only">Mark {task.title} not done</span>
                        <span aria-hidden="true">Done</span>
                      </>
                    ) : (
                      <>
                        <span className="sr-only">Mark {task.title} done</span>
                        <span aria-hidden="true">Mark done</span>
                      </>
                    )}
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="text-red-700 dark:text-red-400"
                    icon={<TrashIcon />}
                    onClick={() => act.mutate({ kind: "delete", task })}
                  >
                    <span className="sr-only">Delete task {task.title}</span>
                    <span aria-hidden="true" className="hidden sm:inline">
                      Delete
                    </span>
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Pager page={filters.page} pages={pages} go={(page) => update({ page })} />
    </div>
  );
}
