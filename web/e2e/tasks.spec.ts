import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, register, snap, uniqueEmail } from "./helpers";

/** A `datetime-local` value `days` from now at 17:00 local time. */
function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T17:00`;
}

async function add(page: Page, title: string, priority: string, deadline: string, tags: string) {
  const form = page.getByRole("form", { name: "Add a task" });
  await form.getByLabel("New task").fill(title);
  await form.getByLabel("Priority").selectOption(priority);
  await form.getByLabel("Deadline").fill(deadline);
  await form.getByLabel("Tags (comma-separated)").fill(tags);
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText(`Added “${title}”`)).toBeVisible();
}

const list = (page: Page) => page.getByRole("list", { name: "Task list" }).getByTestId("task");

test("tasks: add with tags and deadlines, filter, sort, complete, dashboard, rename and delete a tag", async ({
  page,
}) => {
  await register(page, uniqueEmail("tasks"));
  await page.getByRole("link", { name: "Tasks", exact: true }).first().click();
  await expect(page.getByText("No tasks here")).toBeVisible();

  await add(page, "File taxes", "urgent", inDays(-2), "money, home");
  await add(page, "Book dentist", "medium", inDays(5), "health");
  await add(page, "Buy plants", "low", inDays(20), "home, garden");
  await add(page, "Read a novel", "low", "", "");
  await expect(list(page)).toHaveCount(4);
  // Default sort: soonest deadline first, tasks without one last.
  await expect(list(page).first()).toContainText("File taxes");
  await expect(list(page).last()).toContainText("Read a novel");
  await expectAccessible(page);
  await snap(page, "tasks-list");

  // Filters live in the URL.
  await page.getByRole("group", { name: "Filters" }).getByLabel("Tag").selectOption("home");
  await expect(page).toHaveURL(/tag=home/);
  await expect(list(page)).toHaveCount(2);
  await page.getByLabel("Sort tasks by").selectOption("title");
  await expect(list(page).first()).toContainText("Buy plants");
  await page.getByRole("group", { name: "Filters" }).getByLabel("Tag").selectOption("");
  await page.getByLabel("Overdue only").check();
  await expect(list(page)).toHaveCount(1);
  await expect(list(page).first()).toContainText("File taxes");
  await page.getByLabel("Overdue only").uncheck();
  await expect(list(page)).toHaveCount(4);

  // Complete one inline and one in bulk.
  await page.getByRole("button", { name: "Complete File taxes" }).click();
  await expect(page.getByRole("button", { name: "Reopen File taxes" })).toBeVisible();
  await page.getByLabel("Select Read a novel").check();
  await page.getByRole("button", { name: "Complete 1 selected" }).click();
  await expect(page.getByRole("button", { name: "Reopen Read a novel" })).toBeVisible();
  await page.getByLabel("Status").selectOption("pending");
  await expect(list(page)).toHaveCount(2);

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("pending-count")).toHaveText("2");
  await expect(page.getByTestId("completed-count")).toHaveText("2");
  await expect(page.getByTestId("completion-rate")).toHaveText("50%");
  await expect(page.getByTestId("overdue-count")).toHaveText("0");
  await expectAccessible(page);
  await snap(page, "tasks-dashboard");

  // Rename a tag: tasks show the new name.
  await page.getByRole("link", { name: "Tags", exact: true }).click();
  await expect(page.getByRole("list", { name: "Tags" }).getByRole("listitem")).toHaveCount(4);
  const home = page.getByLabel("Name of home");
  await home.fill("house");
  await home.press("Enter");
  await expect(page.getByLabel("Name of house")).toBeVisible();
  await snap(page, "tasks-tags");
  page.once("dialog", async (dialog) => {
    expect(dialog.message()).toContain("on 1 task;");
    await dialog.accept();
  });
  await page
    .getByRole("listitem")
    .filter({ has: page.getByLabel("Name of garden") })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByLabel("Name of garden")).toHaveCount(0);

  await page.goto("/tasks?tag=house&sort=title");
  await expect(list(page)).toHaveCount(2);
  const plants = list(page).filter({ hasText: "Buy plants" });
  await expect(plants).toContainText("house");
  await expect(plants).not.toContainText("garden");
});

test("tasks: a failed sign-in says why", async ({ page }) => {
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login\?next=%2Ftasks/);
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(/email or the password is wrong/i);
});
