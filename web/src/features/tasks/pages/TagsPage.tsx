import { plural } from "../../../lib/format";
import { Button } from "../../../ui/Button";
import { Field, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { useConfirm } from "../../../ui/confirm";
import { Empty, ErrorState, Loading } from "../../../ui/states";
import { useCreateTag, useDeleteTag, useEditTag, useTags } from "../api";
import { TagChips, TrashIcon } from "../components/TaskBits";

export function TagsPage() {
  const tags = useTags();
  const create = useCreateTag();
  const edit = useEditTag();
  const remove = useDeleteTag();
  const confirm = useConfirm();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title="Tags"
        description="Rename a tag and every task shows the new name; its colour is the chip's."
      />
      <form
        aria-label="Create a tag"
        className="rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900 mb-4 flex flex-wrap items-end gap-2 p-3"
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
          <Field label="New tag">
            <TextInput id="tag-name" name="name" required autoComplete="off" />
          </Field>
        </div>
        <div>
          <label
            htmlFor="tag-colour"
            className="mb-1.5 block text-sm font-medium text-zinc-800 dark:text-zinc-200"
          >
            Colour
          </label>
          <input
            id="tag-colour"
            name="colour"
            type="color"
            defaultValue="#6366f1"
            className="h-11 w-14 cursor-pointer rounded-lg border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </div>
        <Button type="submit" variant="primary" loading={create.isPending}>
          Create tag
        </Button>
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
            <li
              key={tag.id}
              className="rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900 flex flex-wrap items-center gap-3 p-3"
            >
              <input
                type="color"
                aria-label={`Colour of ${tag.name}`}
                defaultValue={tag.colour}
                className="h-10 w-11 cursor-pointer rounded-lg border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-900"
                onBlur={(e) =>
                  e.target.value !== tag.colour &&
                  edit.mutate({ id: tag.id, colour: e.target.value })
                }
              />
              <label className="sr-only" htmlFor={`name-${tag.id}`}>
                Name of {tag.name}
              </label>
              <TextInput
                id={`name-${tag.id}`}
                className="min-w-40 flex-1"
                defaultValue={tag.name}
                onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
                onBlur={(e) =>
                  e.target.value.trim() !== tag.name &&
                  edit.mutate({ id: tag.id, name: e.target.value })
                }
              />
              <TagChips names={[tag.name]} />
              <span className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
                {plural(tag.tasks, { one: "task", other: "tasks" })}
              </span>
              <Button
                size="sm"
                variant="ghost"
                className="text-red-700 dark:text-red-400"
                icon={<TrashIcon />}
                onClick={async () => {
                  const ok = await confirm({
                    title: `Delete the tag “${tag.name}”?`,
                    description: `It is on ${plural(tag.tasks, { one: "task", other: "tasks" })}; they keep their other tags.`,
                    confirmLabel: "Delete tag",
                    cancelLabel: "Keep tag",
                    destructive: true,
                  });
                  if (ok) remove.mutate(tag.id);
                }}
              >
                <span className="sr-only">Delete tag {tag.name}</span>
                <span aria-hidden="true">Delete</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
