/** The task list's filters and sort, kept in the URL. */
export interface TaskFilters {
  status: "" | "pending" | "completed";
  priority: string[];
  tag: string;
  q: string;
  overdue: boolean;
  sort: string;
  page: number;
}

export const SORTS: Record<string, string> = {
  "deadline,-priority": "Deadline (soonest first)",
  "-priority,deadline": "Priority (urgent first)",
  "-created": "Newest",
  "-updated": "Recently changed",
  title: "Title",
};

export function parseTaskFilters(params: URLSearchParams): TaskFilters {
  const status = params.get("status");
  const sort = params.get("sort") ?? "";
  const page = Number(params.get("page"));
  return {
    status: status === "pending" || status === "completed" ? status : "",
    priority: (params.get("priority") ?? "").split(",").filter(Boolean),
    tag: params.get("tag") ?? "",
    q: params.get("q") ?? "",
    overdue: params.get("overdue") === "true",
    sort: sort in SORTS ? sort : "deadline,-priority",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function taskSearch(f: TaskFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.priority.length) p.set("priority", f.priority.join(","));
  if (f.tag) p.set("tag", f.tag);
  if (f.q.trim()) p.set("q", f.q.trim());
  if (f.overdue) p.set("overdue", "true");
  if (f.sort !== "deadline,-priority") p.set("sort", f.sort);
  if (f.page > 1) p.set("page", String(f.page));
  return p;
}

/** The API's query for these filters (the same names, the default sort spelled out). */
export function apiQuery(f: TaskFilters): Record<string, string | number | boolean> {
  const query: Record<string, string | number | boolean> = { sort: f.sort, page: f.page };
  if (f.status) query.status = f.status;
  if (f.priority.length) query.priority = f.priority.join(",");
  if (f.tag) query.tag = f.tag;
  if (f.q.trim()) query.q = f.q.trim();
  if (f.overdue) query.overdue = true;
  return query;
}

/** A `datetime-local` value (the browser's zone) as RFC 3339 with its offset. */
export function localToRfc3339(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** An RFC 3339 instant as a `datetime-local` value in the browser's zone. */
export function rfc3339ToLocal(value: string | null | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Tag names typed as "work, home ,errands". */
export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
}
