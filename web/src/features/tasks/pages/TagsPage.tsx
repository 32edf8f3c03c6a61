import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useCreateTag, useDeleteTag, useEditTag, useTags } from "../api";
import { TasksNav } from "../components/TasksNav";

export function TagsPage() {
  const tags = useTags();
  const create = useCreateTag();
  const edit = useEditTag();
  const remove = useDeleteTag();
  return (
    <div className="mx-auto max-w-3xl">
      <TasksNav />
      <h1 className="mb-4 text-2xl font-semibold">Tags</h1>
      <form
        className="card mb-4 flex flex-wrap items-end gap-2 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const target = e.currentTarget;
          create.mutate(
            { name: String(form.get("name")), colour: String(form.get("colour")) },
            { onSuccess: () => target.reset() },
          );
        }}
      >
        <div className="flex-1">
          <label htmlFor="tag-name" className="label">
            New tag
          </label>
          <input id="tag-name" name="name" className="input" required />
        </div>
        <div>
          <label htmlFor="tag-colour" className="label">
            Colour
          </label>
          <input
            id="tag-colour"
            name="colour"
            type="color"
            defaultValue="#6366f1"
            className="h-9 w-14"
          />
        </div>
        <button type="submit" className="btn-primary">
          Create tag
        </button>
      </form>
      {tags.isPending ? (
        <Loading label="Loading tags" />
      ) : tags.error ? (
        <ErrorState error={tags.error} retry={() => void tags.refetch()} />
      ) : tags.data.length === 0 ? (
        <Empty title="No tags yet">Tags you type on tasks appear here.</Empty>
      ) : (
        <ul className="space-y-2" aria-label="Tags">
          {tags.data.map((tag) => (
            <li key={tag.id} className="card flex flex-wrap items-center gap-3 p-3">
              <input
                type="color"
                aria-label={`Colour of ${tag.name}`}
                defaultValue={tag.colour}
                className="h-8 w-10"
                onBlur={(e) =>
                  e.target.value !== tag.colour &&
                  edit.mutate({ id: tag.id, colour: e.target.value })
                }
              />
              <label className="sr-only" htmlFor={`name-${tag.id}`}>
                Name of {tag.name}
              </label>
              <input
                id={`name-${tag.id}`}
                className="input flex-1"
                defaultValue={tag.name}
                onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
                onBlur={(e) =>
                  e.target.value.trim() !== tag.name &&
                  edit.mutate({ id: tag.id, name: e.target.value })
                }
              />
              <span className="text-sm">{tag.tasks} tasks</span>
              <button
                type="button"
                className="btn-secondary"
                onClick={() => {
                  const message = `Delete “${tag.name}”? It is on ${tag.tasks} task${tag.tasks === 1 ? "" : "s"}; they keep their other tags.`;
                  if (window.confirm(message)) remove.mutate(tag.id);
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
