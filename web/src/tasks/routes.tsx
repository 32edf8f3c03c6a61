import { DashboardPage } from "./DashboardPage";
import { TagsPage } from "./TagsPage";
import { TaskEditPage } from "./TaskEditPage";
import { TasksPage } from "./TasksPage";

/** The Tasks area's pages, loaded on demand so the shop's first load stays small. */
export default function TasksRoutes({ page }: { page: "list" | "edit" | "tags" | "dashboard" }) {
  switch (page) {
    case "list":
      return <TasksPage />;
    case "edit":
      return <TaskEditPage />;
    case "tags":
      return <TagsPage />;
    case "dashboard":
      return <DashboardPage />;
  }
}
