import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import { CatalogPage } from "../features/catalog/pages/CatalogPage";
import { TasksLayout } from "../features/tasks/components/TasksLayout";
import { Loading } from "../ui/states";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";
import { Home, ToCatalog } from "./redirects";
import { RouteError } from "./RouteError";
import { AdminOnly, SignedIn } from "./guards";

/**
 * A page fetched with its route the first time it is visited. Until the first
 * page of a visit arrives the frame shows a skeleton; later navigations keep the
 * current page until the next one is ready.
 */
function page(load: () => Promise<ComponentType>, label = "Loading"): RouteObject {
  return {
    lazy: async () => ({ Component: await load() }),
    HydrateFallback: () => <Loading label={label} />,
  };
}

const tasksPage = (load: () => Promise<ComponentType>) => page(load, "Loading tasks");

/**
 * Every URL of the app. The home page and the catalog, where most visits
 * start, are in the entry bundle; every other page is its own chunk. Guards
 * are layout routes; a pathless route keeps the header when a page fails.
 */
export const routes: RouteObject[] = [
  {
    // The Tasks area has its own header and navigation, not the shop's.
    Component: TasksLayout,
    children: [
      {
        ErrorBoundary: RouteError,
        children: [
          {
            Component: SignedIn,
            children: [
              {
                path: "/tasks",
                handle: { title: "Tasks" },
                ...tasksPage(() =>
                  import("../features/tasks/pages/TasksPage").then((m) => m.TasksPage),
                ),
              },
              {
                path: "/tasks/dashboard",
                handle: { title: "Tasks dashboard" },
                ...tasksPage(() =>
                  import("../features/tasks/pages/DashboardPage").then((m) => m.DashboardPage),
                ),
              },
              {
                path: "/tasks/tags",
                handle: { title: "Tags" },
                ...tasksPage(() =>
                  import("../features/tasks/pages/TagsPage").then((m) => m.TagsPage),
                ),
              },
              {
                path: "/tasks/:id",
                handle: { title: "Edit task" },
                ...tasksPage(() =>
                  import("../features/tasks/pages/TaskEditPage").then((m) => m.TaskEditPage),
                ),
              },
            ],
          },
        ],
      },
    ],
  },
  {
    Component: AppLayout,
    children: [
      {
        // Pathless, so a page that fails keeps the header: the error shows in main.
        ErrorBoundary: RouteError,
        children: [
          { path: "/", Component: Home, handle: { title: "Shop well-made things" } },
          { path: "/products", Component: CatalogPage, handle: { title: "All products" } },
          { path: "/search", Component: ToCatalog },
          {
            path: "/products/:slug",
            handle: { title: "Product" },
            ...page(() =>
              import("../features/catalog/pages/ProductPage").then((m) => m.ProductPage),
            ),
          },
          {
            path: "/cart",
            handle: { title: "Your cart" },
            ...page(() => import("../features/cart/pages/CartPage").then((m) => m.CartPage)),
          },
          {
            path: "/login",
            handle: { title: "Sign in" },
            ...page(() => import("../features/account/pages/LoginPage").then((m) => m.LoginPage)),
          },
          {
            path: "/register",
            handle: { title: "Create an account" },
            ...page(() =>
              import("../features/account/pages/RegisterPage").then((m) => m.RegisterPage),
            ),
          },
          {
            path: "/verify-email",
            handle: { title: "Confirm your email" },
            ...page(() =>
              import("../features/account/pages/EmailLinkPages").then((m) => m.VerifyEmailPage),
            ),
          },
          {
            path: "/confirm-email",
            handle: { title: "Confirm your new email" },
            ...page(() =>
              import("../features/account/pages/EmailLinkPages").then((m) => m.ConfirmEmailPage),
            ),
          },
          {
            path: "/forgot-password",
            handle: { title: "Reset your password" },
            ...page(() =>
              import("../features/account/pages/EmailLinkPages").then((m) => m.ForgotPasswordPage),
            ),
          },
          {
            path: "/reset-password",
            handle: { title: "Choose a new password" },
            ...page(() =>
              import("../features/account/pages/EmailLinkPages").then((m) => m.ResetPasswordPage),
            ),
          },
          {
            Component: SignedIn,
            children: [
              {
                path: "/checkout",
                handle: { title: "Checkout" },
                ...page(() =>
                  import("../features/checkout/pages/CheckoutPage").then((m) => m.CheckoutPage),
                ),
              },
              {
                path: "/orders",
                handle: { title: "Your orders" },
                ...page(() =>
                  import("../features/orders/pages/OrdersPage").then((m) => m.OrdersPage),
                ),
              },
              {
                path: "/orders/:id",
                handle: { title: "Order" },
                ...page(() =>
                  import("../features/orders/pages/OrderPage").then((m) => m.OrderPage),
                ),
              },
              {
                path: "/account",
                handle: { title: "Your account" },
                ...page(() =>
                  import("../features/account/pages/AccountPage").then((m) => m.AccountPage),
                ),
              },
              {
                path: "/notifications",
                handle: { title: "Notifications" },
                ...page(() =>
                  import("../features/notifications/pages/NotificationsPage").then(
                    (m) => m.NotificationsPage,
                  ),
                ),
              },
            ],
          },
          {
            Component: AdminOnly,
            children: [
              {
                path: "/admin/products",
                handle: { title: "Admin · Products" },
                ...page(() =>
                  import("../features/admin/pages/AdminProductsPage").then(
                    (m) => m.AdminProductsPage,
                  ),
                ),
              },
              {
                path: "/admin/products/:id",
                handle: { title: "Admin · Product" },
                ...page(() =>
                  import("../features/admin/pages/AdminProductPage").then(
                    (m) => m.AdminProductPage,
                  ),
                ),
              },
              {
                path: "/admin/orders",
                handle: { title: "Admin · Orders" },
                ...page(() =>
                  import("../features/admin/pages/AdminOrdersPage").then((m) => m.AdminOrdersPage),
                ),
              },
              {
                path: "/admin/orders/:id",
                handle: { title: "Admin · Order" },
                ...page(() =>
                  import("../features/admin/pages/AdminOrderPage").then((m) => m.AdminOrderPage),
                ),
              },
              {
                path: "/admin/categories",
                handle: { title: "Admin · Categories" },
                ...page(() =>
                  import("../features/admin/pages/AdminCategoriesPage").then(
                    (m) => m.AdminCategoriesPage,
                  ),
                ),
              },
              {
                path: "/admin/traces",
                handle: { title: "Admin · Traces" },
                ...page(() =>
                  import("../features/admin/pages/AdminTracesPage").then((m) => m.AdminTracesPage),
                ),
              },
              {
                path: "/admin/traces/:id",
                handle: { title: "Admin · Trace" },
                ...page(() =>
                  import("../features/admin/pages/AdminTracePage").then((m) => m.AdminTracePage),
                ),
              },
              {
                path: "/admin/notifications",
                handle: { title: "Admin · Notifications" },
                ...page(() =>
                  import("../features/admin/pages/AdminDeadLettersPage").then(
                    (m) => m.AdminDeadLettersPage,
                  ),
                ),
              },
            ],
          },
          { path: "*", Component: NotFoundPage, handle: { title: "Page not found" } },
        ],
      },
    ],
  },
];
