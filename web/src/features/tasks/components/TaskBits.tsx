import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "../../../ui/Badge";
import { formatDateTime } from "../../../lib/format";
import { useTags } from "../api";
import { isOverdue, tagChipColours } from "../tagColour";

/** How each priority reads: the word carries the meaning, the colour only helps. */
const PRIORITY_TONE: Record<string, BadgeTone> = {
  urgent: "danger",
  high: "warning",
  medium: "info",
  low: "neutral",
};

const PRIORITY_LABEL: Record<string, string> = {
  urgent: "Urgent",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge tone={PRIORITY_TONE[priority] ?? "neutral"}>
      {PRIORITY_LABEL[priority] ?? priority}
    </Badge>
  );
}

/** A task's tags as chips in the colours picked for them on the Tags page. */
export function TagChips({ names }: { names: string[] }) {
  const tags = useTags();
  if (names.length === 0) return null;
  const colourOf = (name: string) =>
    tags.data?.find((t) => t.name.toLowerCase() === name.toLowerCase())?.colour;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
      {names.map((name) => (
        <li
          key={name}
          data-testid="tag-chip"
          className="rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-black/10 ring-inset dark:ring-white/15"
          style={tagChipColours(colourOf(name))}
        >
          {name}
        </li>
      ))}
    </ul>
  );
}

/** The deadline, to the minute in the visitor's locale; overdue ones say so in words and in red. */
export function Deadline({
  task,
  now,
}: {
  task: { status: string; deadline?: string | null };
  now?: number;
}): ReactNode {
  if (!task.deadline) return null;
  const overdue = isOverdue(task, now);
  const when = formatDateTime(task.deadline);
  if (overdue)
    return (
      <span className="inline-flex items-center gap-1.5 text-xs font-medium text-red-700 dark:text-red-400">
        <Badge tone="danger">Overdue</Badge>
        <span>was due {when}</span>
      </span>
    );
  return <span className="text-xs text-zinc-600 dark:text-zinc-400">Due {when}</span>;
}

export function TrashIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
    </svg>
  );
}

export function CheckCircleIcon({
  done,
  className = "size-5",
}: {
  done: boolean;
  className?: string;
}) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill={done ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth="1.75"
      className={className}
    >
      <circle cx="12" cy="12" r="9" />
      <path
        d="m8 12.5 2.5 2.5L16 9.5"
        // White on the filled (green) circle of a done task, in either theme.
        stroke={done ? "#ffffff" : "currentColor"}
        strokeLinecap="round"
        strokeLinejoin="round"
        fill="none"
      />
    </svg>
  );
}
