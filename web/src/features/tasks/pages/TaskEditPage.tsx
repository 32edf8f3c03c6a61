import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { components } from "../../../api/schema";
import { fieldErrors, isNotFound } from "../../../lib/problem";
import { formatDateTime } from "../../../lib/format";
import { Button, LinkButton } from "../../../ui/Button";
import { Field, Select, Textarea, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { useConfirm } from "../../../ui/confirm";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useSaveTask, useTags, useTask, useTaskAction } from "../api";
import { Deadline, TrashIcon } from "../components/TaskBits";
import { withoutError } from "../components/hooks";
import { localToRfc3339, parseTags, rfc3339ToLocal } from "../taskQuery";

type Task = components["schemas"]["TaskView"];

function BackLink() {
  return (
    <Link
      to="/tasks"
      className="mb-3 inline-flex items-center gap-1 rounded text-sm font-medium text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-400 dark:hover:text-white"
    >
      <span aria-hidden="true">←</span> Back to tasks
    </Link>
  );
}

export function TaskEditPage() {
  const { id = "" } = useParams();
  const task = useTask(id);
  if (task.isPending)
    return (
      <>
        <BackLink />
        <PageHeader title="Edit task" />
        <Loading label="Loading task" />
      </>
    );
  if (task.error)
    return (
      <>
        <BackLink />
        {isNotFound(task.error) ? (
          <>
            <PageHeader title="Task not found" />
            <Empty
              title="This task is not here"
              action={<LinkButton to="/tasks">Go to your tasks</LinkButton>}
            >
              It may have been deleted, or the link is wrong.
            </Empty>
          </>
        ) : (
          <>
            <PageHeader title="Edit task" />
            <ErrorState error={task.error} retry={() => void task.refetch()} />
          </>
        )}
      </>
    );
  return <TaskForm key={task.data.updated_at} task={task.data} />;
}

function TaskForm({ task }: { task: Task }) {
  const navigate = useNavigate();
  const tags = useTags();
  const confirm = useConfirm();
  const [draft, setDraft] = useState({
    title: task.title,
    description: task.description,
    priority: task.priority,
    deadline: rfc3339ToLocal(task.deadline),
    tags: task.tags.join(", "),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveTask(task.id, () => navigate("/tasks"));
  const remove = useTaskAction(() => navigate("/tasks"));
  // Editing a field clears its error: the message is about what was there.
  const edit = (field: keyof typeof draft, value: string) => {
    setDraft({ ...draft, [field]: value });
    if (errors[field]) setErrors((e) => withoutError(e, field));
  };
  return (
    <div className="mx-auto max-w-2xl">
      <BackLink />
      <PageHeader
        title={`Edit “${task.title}”`}
        heading="Edit task"
        description={
          <>
            {task.status === "completed" && task.completed_at
              ? `Done ${formatDateTime(task.completed_at)}. `
              : null}
            Created {formatDateTime(task.created_at)}. <Deadline task={task} />
          </>
        }
      />
      <form
        aria-label="Edit task"
        className="space-y-4 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.title.trim()) {
            setErrors({ title: "Give the task a title." });
            document.getElementById("title")?.focus();
            return;
          }
          setErrors({});
          save.mutate(
            {
              title: draft.title,
              description: draft.description,
              priority: draft.priority,
              deadline: localToRfc3339(draft.deadline),
              tags: parseTags(draft.tags),
            },
            { onError: (error) => setErrors(fieldErrors(error)) },
          );
        }}
      >
        <Field label="Title" error={errors.title}>
          <TextInput
            id="title"
            name="title"
            value={draft.title}
            onChange={(e) => edit("title", e.target.value)}
          />
        </Field>
        <Field label="Description" hint="Markdown works here." optional error={errors.description}>
          <Textarea
            id="description"
            rows={5}
            value={draft.description}
            onChange={(e) => edit("description", e.target.value)}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Priority">
            <Select
              id="priority"
              value={draft.priority}
              onChange={(e) => edit("priority", e.target.value)}
            >
              <option value="low">Low</option>
              <option value="medium">Medium</option>
              <option value="high">High</option>
              <option value="urgent">Urgent</option>
            </Select>
          </Field>
          <Field label="Deadline" optional error={errors.deadline}>
            <TextInput
              id="deadline"
              type="datetime-local"
              value={draft.deadline}
              onChange={(e) => edit("deadline", e.target.value)}
            />
          </Field>
        </div>
        <Field
          label="Tags"
          hint="Comma-separated; a new name creates a tag."
          optional
          error={errors.tags}
        >
          <TextInput
            id="tags"
            list="edit-tag-names"
            autoComplete="off"
            value={draft.tags}
            onChange={(e) => edit("tags", e.target.value)}
          />
        </Field>
        <datalist id="edit-tag-names">
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <Button type="submit" variant="primary" loading={save.isPending}>
            Save task
          </Button>
          <LinkButton to="/tasks">Cancel</LinkButton>
          <Button
            variant="ghost"
            className="ml-auto text-red-700 dark:text-red-400"
            icon={<TrashIcon />}
            loading={remove.isPending}
            onClick={async () => {
              const ok = await confirm({
                title: `Delete “${task.title}”?`,
                description: "It leaves your list and dashboard. You can undo this right after.",
                confirmLabel: "Delete task",
                cancelLabel: "Keep task",
                destructive: true,
              });
              if (ok) remove.mutate({ kind: "delete", task });
            }}
          >
            <span className="sr-only">Delete task {task.title}</span>
            <span aria-hidden="true">Delete</span>
          </Button>
        </div>
      </form>
    </div>
  );
}
