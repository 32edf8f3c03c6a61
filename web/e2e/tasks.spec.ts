import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectAccessible, fullShot, register, snap, uniqueEmail } from "./helpers";

/** A `datetime-local` value `days` from now at 17:00 local time. */
function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T17:00`;
}

/** Opens the add form's details on a phone, where they are folded away. */
async function openDetails(page: Page) {
  const toggle = page.getByRole("button", { name: "Priority, deadline, tags" });
  if (await toggle.isVisible()) await toggle.click();
}

async function add(page: Page, title: string, priority = "medium", deadline = "", tags = "") {
  const form = page.getByRole("form", { name: "Add a task" });
  await form.getByLabel("New task").fill(title);
  if (priority !== "medium" || deadline || tags) {
    await openDetails(page);
    await form.getByLabel("Priority").selectOption(priority);
    await form.getByLabel("Deadline").fill(deadline);
    await form.getByLabel("Tags (comma-separated)").fill(tags);
  }
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByText(`Added “${title}”.`)).toBeVisible();
}

const list = (page: Page) => page.getByRole("list", { name: "Task list" }).getByTestId("task");
const row = (page: Page, title: string) => list(page).filter({ hasText: title });

/** Opens the filters on a phone, where they sit behind a button. */
async function openFilters(page: Page) {
  const button = page.getByRole("button", { name: /^Filters/ });
  if (await button.isVisible()) {
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  }
}

// Each journey signs up and adds several tasks through the UI; on a loaded
// machine that takes longer than the default minute.
test.slow();

const screens = `${process.env.FEIRA_E2E_OUTPUT_DIR ?? "test-results"}/screens`;

test("tasks: add with tags and deadlines, filter, sort, complete, dashboard, rename and delete a tag", async ({
  page,
}) => {
  await register(page, uniqueEmail("tasks"));
  await page.goto("/tasks");
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await expect(page).toHaveTitle("Tasks · Feira");
  await expect(page.getByText("No tasks here")).toBeVisible();

  await add(page, "File taxes", "urgent", inDays(-2), "money, home");
  await add(page, "Book dentist", "medium", inDays(5), "health");
  await add(page, "Buy plants", "low", inDays(20), "home, garden");
  await add(page, "Read a novel");
  await expect(list(page)).toHaveCount(4);
  // Default sort: soonest deadline first, tasks without one last.
  await expect(list(page).first()).toContainText("File taxes");
  await expect(list(page).last()).toContainText("Read a novel");
  await expectAccessible(page);
  await snap(page, "tasks-list");

  // Filters live in the URL.
  const filters = page.getByRole("group", { name: "Filters" });
  await filters.getByLabel("Tag").selectOption("home");
  await expect(page).toHaveURL(/tag=home/);
  await expect(list(page)).toHaveCount(2);
  await filters.getByLabel("Sort tasks by").selectOption("title");
  await expect(list(page).first()).toContainText("Buy plants");
  await filters.getByLabel("Tag").selectOption("");
  // The box follows the URL, so it turns checked once the navigation lands.
  await filters.getByLabel("Overdue only").click();
  await expect(filters.getByLabel("Overdue only")).toBeChecked();
  await expect(list(page)).toHaveCount(1);
  await expect(list(page).first()).toContainText("File taxes");
  await filters.getByLabel("Overdue only").click();
  await expect(filters.getByLabel("Overdue only")).not.toBeChecked();
  await expect(list(page)).toHaveCount(4);

  // Complete one inline and one in bulk.
  await page.getByRole("button", { name: "Mark File taxes done" }).click();
  await expect(page.getByRole("button", { name: "Mark File taxes not done" })).toBeVisible();
  await page.getByLabel("Select Read a novel").check();
  await page.getByRole("button", { name: "Mark 1 done" }).click();
  await expect(page.getByRole("button", { name: "Mark Read a novel not done" })).toBeVisible();
  await filters.getByLabel("Status").selectOption("pending");
  await expect(list(page)).toHaveCount(2);

  await page
    .getByRole("navigation", { name: "Tasks" })
    .getByRole("link", { name: "Dashboard" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page).toHaveTitle("Tasks dashboard · Feira");
  await expect(page.getByTestId("pending-count")).toHaveText("2");
  await expect(page.getByTestId("completed-count")).toHaveText("2");
  await expect(page.getByTestId("completion-rate")).toHaveText("50%");
  await expect(page.getByTestId("overdue-count")).toHaveText("0");
  // The priority chart says which colour is which.
  const byPriority = page.getByRole("region", { name: "By priority" });
  await expect(byPriority.getByText("Pending", { exact: true })).toBeVisible();
  await expect(byPriority.getByText("Done", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await snap(page, "tasks-dashboard");

  // Rename a tag: tasks show the new name.
  await page.getByRole("navigation", { name: "Tasks" }).getByRole("link", { name: "Tags" }).click();
  await expect(page).toHaveTitle("Tags · Feira");
  await expect(page.getByRole("list", { name: "Tags" }).first().locator("> li")).toHaveCount(4);
  const home = page.getByLabel("Name of home");
  await home.fill("house");
  await home.press("Enter");
  await expect(page.getByLabel("Name of house")).toBeVisible();
  await expectAccessible(page);
  await snap(page, "tasks-tags");
  await page.getByRole("button", { name: "Delete tag garden" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("on 1 task;");
  await dialog.getByRole("button", { name: "Delete tag" }).click();
  await expect(page.getByLabel("Name of garden")).toHaveCount(0);

  await page.goto("/tasks?tag=house&sort=title");
  await expect(list(page)).toHaveCount(2);
  const plants = row(page, "Buy plants");
  await expect(plants).toContainText("house");
  await expect(plants).not.toContainText("garden");
});

for (const phone of [false, true]) {
  const tag = phone ? " @phone" : "";

  test(`tasks: undo of a deleted completed task brings back the same task, still completed${tag}`, async ({
    page,
  }) => {
    await register(page, uniqueEmail("tasks-undo"));
    await page.goto("/tasks");
    await add(page, "Pay rent", "high", inDays(3), "home");
    await row(page, "Pay rent").getByRole("link", { name: "Pay rent" }).click();
    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    const link = page.url();
    await page.getByRole("link", { name: "Back to tasks" }).click();
    await page.getByRole("button", { name: "Mark Pay rent done" }).click();
    await expect(page.getByRole("button", { name: "Mark Pay rent not done" })).toBeVisible();

    await page.getByRole("button", { name: "Delete task Pay rent" }).click();
    await expect(page.getByText("Deleted “Pay rent”.")).toBeVisible();
    await expect(list(page)).toHaveCount(0);
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByText("Task restored.")).toBeVisible();
    await expect(list(page)).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Mark Pay rent not done" })).toBeVisible();

    // The old link opens the same task, still done, with its tag and deadline.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "Edit task" })).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue("Pay rent");
    await expect(page.getByLabel(/^Tags/)).toHaveValue("home");
    await expect(page.getByText(/^Done /)).toBeVisible();
  });

  test(`tasks: bulk delete asks first and can be undone; select all${tag}`, async ({ page }) => {
    await register(page, uniqueEmail("tasks-bulk"));
    await page.goto("/tasks");
    await add(page, "One");
    await add(page, "Two");
    await add(page, "Three");
    await page.getByRole("button", { name: "Mark Two done" }).click();
    await expect(page.getByRole("button", { name: "Mark Two not done" })).toBeVisible();
    await page.getByLabel("Select all 3 on this page").check();
    await expect(page.getByLabel("Select One")).toBeChecked();

    // Cancelling the confirmation deletes nothing.
    await page.getByRole("button", { name: "Delete 3 selected" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete 3 tasks?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Keep them" }).click();
    await expect(dialog).toBeHidden();
    await expect(list(page)).toHaveCount(3);

    await page.getByRole("button", { name: "Delete 3 selected" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete 3 tasks" }).click();
    await expect(page.getByText("Deleted 3 tasks.")).toBeVisible();
    await expect(page.getByText("No tasks here")).toBeVisible();
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByText("3 tasks restored.")).toBeVisible();
    await expect(list(page)).toHaveCount(3);
    await expect(page.getByRole("button", { name: "Mark Two not done" })).toBeVisible();
  });

  test(`tasks: overdue tasks say so, tag chips wear their colour, errors clear${tag}`, async ({
    page,
  }) => {
    await register(page, uniqueEmail("tasks-look"));
    await page.goto("/tasks/tags");
    await page.getByLabel("New tag").fill("urgent-red");
    await page.getByLabel("Colour", { exact: true }).fill("#dc2626");
    await page.getByRole("button", { name: "Create tag" }).click();
    await expect(page.getByLabel("Name of urgent-red")).toBeVisible();

    await page.goto("/tasks");
    // An empty title is refused on the field, and the message goes once it is fixed.
    await page.getByRole("button", { name: "Add" }).click();
    const title = page.getByLabel("New task");
    await expect(page.getByText("Give the task a title.")).toBeVisible();
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await title.fill("Late report");
    await expect(page.getByText("Give the task a title.")).toHaveCount(0);

    await add(page, "Late report", "high", inDays(-1), "urgent-red");
    await add(page, "Future plan", "low", inDays(4), "");
    const late = row(page, "Late report");
    await expect(late).toHaveAttribute("data-overdue", "true");
    await expect(late.getByText("Overdue", { exact: true })).toBeVisible();
    await expect(late).toContainText("was due");
    await expect(row(page, "Future plan")).not.toHaveAttribute("data-overdue", "true");
    await expect(row(page, "Future plan").getByText("Overdue", { exact: true })).toHaveCount(0);
    const chip = late.getByTestId("tag-chip");
    await expect(chip).toHaveText("urgent-red");
    await expect(chip).toHaveCSS("background-color", "rgb(220, 38, 38)");
    await expect(chip).toHaveCSS("color", "rgb(255, 255, 255)");
    // Dates to the minute, never seconds.
    await expect(late).not.toContainText(/\d:\d\d:\d\d/);
  });

  test(`tasks: the area has its own header; the edit page goes back, cancels and deletes${tag}`, async ({
    page,
  }) => {
    await register(page, uniqueEmail("tasks-nav"));
    await page.goto("/tasks");
    await expect(page.getByRole("link", { name: /Feira Tasks/ })).toBeVisible();
    await expect(page.getByRole("searchbox", { name: /search products/i })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /cart/i })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Shop" })).toBeVisible();
    await expect(page.getByRole("link", { name: /^Account/ })).toBeVisible();

    await add(page, "Call the bank");
    await page.getByRole("link", { name: "Call the bank" }).click();
    await expect(page).toHaveTitle("Edit “Call the bank” · Feira");
    await page.getByLabel("Title").fill("Call the bank today");
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(row(page, "Call the bank")).not.toContainText("today");

    await page.getByRole("link", { name: "Call the bank" }).click();
    await page.getByLabel("Title").fill("");
    await page.getByRole("button", { name: "Save task" }).click();
    await expect(page.getByText("Give the task a title.")).toBeVisible();
    await page.getByLabel("Title").fill("Call the bank at nine");
    await expect(page.getByText("Give the task a title.")).toHaveCount(0);
    await page.getByRole("button", { name: "Save task" }).click();
    await expect(row(page, "Call the bank at nine")).toBeVisible();

    await page.getByRole("link", { name: "Call the bank at nine" }).click();
    await page.getByRole("button", { name: "Delete task Call the bank at nine" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete “Call the bank at nine”?" });
    await dialog.getByRole("button", { name: "Delete task" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByText("No tasks here")).toBeVisible();
    await page.getByRole("link", { name: "Shop" }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test(`tasks: an empty dashboard says what to do${tag}`, async ({ page }) => {
    await register(page, uniqueEmail("tasks-empty"));
    await page.goto("/tasks/dashboard");
    await expect(page.getByText("Nothing to chart yet")).toBeVisible();
    await expect(page.locator(".recharts-surface")).toHaveCount(0);
    await page.getByRole("link", { name: "Add a task" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
  });
}

test("tasks: the phone keeps the list in view: filters fold away @phone", async ({ page }) => {
  await register(page, uniqueEmail("tasks-fold"));
  await page.goto("/tasks");
  await add(page, "First thing");
  const first = list(page).first();
  const box = await first.boundingBox();
  const viewport = page.viewportSize();
  expect(box && viewport && box.y + box.height < viewport.height).toBeTruthy();
  await expect(page.getByRole("group", { name: "Filters" })).toBeHidden();
  await openFilters(page);
  await expect(page.getByRole("group", { name: "Filters" }).getByLabel("Status")).toBeVisible();
});

test("tasks: screenshots of every page, both widths and themes", async ({ page }) => {
  test.setTimeout(120_000);
  await register(page, uniqueEmail("tasks-shots"));
  await page.goto("/tasks/dashboard");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByText("Nothing to chart yet")).toBeVisible();
  await fullShot(page, `${screens}/tasks-dashboard-empty-390-light.png`);
  await page.goto("/tasks/tags");
  await page.getByLabel("New tag").fill("garden");
  await page.getByLabel("Colour", { exact: true }).fill("#16a34a");
  await page.getByRole("button", { name: "Create tag" }).click();
  await page.getByLabel("New tag").fill("money");
  await page.getByLabel("Colour", { exact: true }).fill("#fde047");
  await page.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByLabel("Name of money")).toBeVisible();
  await page.goto("/tasks");
  await page.setViewportSize({ width: 1366, height: 900 });
  await add(page, "File taxes", "urgent", inDays(-2), "money, home");
  await add(page, "Book dentist", "medium", inDays(5), "health");
  await add(page, "Buy plants", "low", inDays(20), "home, garden");
  await add(page, "Read a novel");
  await page.getByRole("button", { name: "Mark Read a novel done" }).click();
  await expect(page.getByRole("button", { name: "Mark Read a novel not done" })).toBeVisible();
  await page.getByLabel("Select Buy plants").check();
  const edit = await row(page, "Book dentist").getByRole("link").getAttribute("href");
  const pages: [string, string][] = [
    ["list", "/tasks"],
    ["dashboard", "/tasks/dashboard"],
    ["tags", "/tasks/tags"],
    ["edit", edit ?? "/tasks"],
  ];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const [name, path] of pages) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        if (name === "dashboard")
          await expect(page.locator(".recharts-surface").first()).toBeVisible();
        if (name === "list") await expect(list(page).first()).toBeVisible();
        await fullShot(page, `${screens}/tasks-${name}-${width}-${scheme}.png`);
      }
    }
    await page.goto("/tasks");
    await page.getByLabel("Select all 4 on this page").check();
    await page.getByRole("button", { name: "Delete 4 selected" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await page.screenshot({ path: `${screens}/tasks-confirm-1366-${scheme}.png` });
    await expectAccessible(page);
    await page.getByRole("alertdialog").getByRole("button", { name: "Keep them" }).click();
    await expectAccessible(page);
  }
});
