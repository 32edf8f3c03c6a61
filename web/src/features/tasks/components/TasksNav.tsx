import { SubNav } from "../../../ui/nav";

export function TasksNav() {
  return (
    <SubNav
      label="Tasks"
      links={[
        ["/tasks", "Tasks"],
        ["/tasks/dashboard", "Dashboard"],
        ["/tasks/tags", "Tags"],
      ]}
    />
  );
}
