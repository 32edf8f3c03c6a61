import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { components } from "../../../api/schema";
import { ApiError } from "../../../lib/problem";
import { ErrorState, Field, Loading } from "../../../ui/states";
import { useSaveTask, useTags, useTask } from "../api";
import { TasksNav } from "../components/TasksNav";
import { localToRfc3339, parseTags, rfc3339ToLocal } from "../taskQuery";

type Task = components["schemas"]["TaskView"];

export function TaskEditPage() {
  const { id = "" } = useParams();
  const task = useTask(id);
  if (task.isPending) return <Loading label="Loading task" />;
  if (task.error) return <ErrorState error={task.error} retry={() => void task.refetch()} />;
  return <TaskForm key={task.data.updated_at} task={task.data} />;
}

function TaskForm({ task }: { task: Task }) {
  const navigate = useNavigate();
  const tags = useTags();
  const [draft, setDraft] = useState({
    title: task.title,
    description: task.description,
    priority: task.priority,
    deadline: rfc3339ToLocal(task.deadline),
    tags: task.tags.join(", "),
  });
  const save = useSaveTask(task.id, () => navigate("/tasks"));
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  return (
    <div>
      <TasksNav />
      <form
        className="card mx-auto max-w-2xl space-y-3 p-6"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            title: draft.title,
            description: draft.description,
            priority: draft.priority,
            deadline: localToRfc3339(draft.deadline),
            tags: parseTags(draft.tags),
          });
        }}
      >
        <h1 className="text-2xl font-semibold">Edit task</h1>
        <Field
          label="Title"
          name="title"
          value={draft.title}
          error={errors.title}
          onChange={(e) => setDraft({ ...draft, title: e.target.value })}
        />
        <div>
          <label htmlFor="description" className="label">
            Description (markdown)
          </label>
          <textarea
            id="description"
            className="input"
            rows={5}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="priority" className="label">
              Priority
            </label>
            <select
              id="priority"
              className="input"
              value={draft.priority}
              onChange={(e) => setDraft({ ...draft, priority: e.target.value as Task["priority"] })}
            >
              {["low", "medium", "high", "urgent"].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </div>
          <Field
            label="Deadline"
            name="deadline"
            type="datetime-local"
            value={draft.deadline}
            error={errors.deadline}
            onChange={(e) => setDraft({ ...draft, deadline: e.target.value })}
          />
        </div>
        <Field
          label="Tags (comma-separated; new names create tags)"
          name="tags"
          list="edit-tag-names"
          value={draft.tags}
          error={errors.tags}
          onChange={(e) => setDraft({ ...draft, tags: e.target.value })}
        />
        <datalist id="edit-tag-names">
          {tags.data?.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          Save task
        </button>
      </form>
    </div>
  );
}
