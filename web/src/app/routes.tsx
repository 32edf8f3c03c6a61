import type { ComponentType } from "react";
import type { RouteObject } from "react-router";
import { CatalogPage } from "../features/catalog/pages/CatalogPage";
import { Loading } from "../ui/states";
import { AppLayout } from "./AppLayout";
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
 * Every URL of the app. The catalog, the first page most visits open, is in the
 * entry bundle; every other page is its own chunk. Guards are layout routes.
 */
export const routes: RouteObject[] = [
  {
    Component: AppLayout,
    children: [
      { path: "/", Component: CatalogPage },
      {
        path: "/products/:slug",
        ...page(() => import("../features/catalog/pages/ProductPage").then((m) => m.ProductPage)),
      },
      {
        path: "/cart",
        ...page(() => import("../features/cart/pages/CartPage").then((m) => m.CartPage)),
      },
      {
        path: "/login",
        ...page(() => import("../features/account/pages/LoginPage").then((m) => m.LoginPage)),
      },
      {
        path: "/register",
        ...page(() => import("../features/account/pages/RegisterPage").then((m) => m.RegisterPage)),
      },
      {
        Component: SignedIn,
        children: [
          {
            path: "/checkout",
            ...page(() =>
              import("../features/checkout/pages/CheckoutPage").then((m) => m.CheckoutPage),
            ),
          },
          {
            path: "/orders",
            ...page(() => import("../features/orders/pages/OrdersPage").then((m) => m.OrdersPage)),
          },
          {
            path: "/orders/:id",
            ...page(() => import("../features/orders/pages/OrderPage").then((m) => m.OrderPage)),
          },
          {
            path: "/account",
            ...page(() =>
              import("../features/account/pages/AccountPage").then((m) => m.AccountPage),
            ),
          },
          {
            path: "/notifications",
            ...page(() =>
              import("../features/notifications/pages/NotificationsPage").then(
                (m) => m.NotificationsPage,
              ),
            ),
          },
          {
            path: "/tasks",
            ...tasksPage(() =>
              import("../features/tasks/pages/TasksPage").then((m) => m.TasksPage),
            ),
          },
          {
            path: "/tasks/dashboard",
            ...tasksPage(() =>
              import("../features/tasks/pages/DashboardPage").then((m) => m.DashboardPage),
            ),
          },
          {
            path: "/tasks/tags",
            ...tasksPage(() => import("../features/tasks/pages/TagsPage").then((m) => m.TagsPage)),
          },
          {
            path: "/tasks/:id",
            ...tasksPage(() =>
              import("../features/tasks/pages/TaskEditPage").then((m) => m.TaskEditPage),
            ),
          },
        ],
      },
      {
        Component: AdminOnly,
        children: [
          {
            path: "/admin/products",
            ...page(() =>
              import("../features/admin/pages/AdminProductsPage").then((m) => m.AdminProductsPage),
            ),
          },
          {
            path: "/admin/products/:id",
            ...page(() =>
              import("../features/admin/pages/AdminProductPage").then((m) => m.AdminProductPage),
            ),
          },
          {
            path: "/admin/orders",
            ...page(() =>
              import("../features/admin/pages/AdminOrdersPage").then((m) => m.AdminOrdersPage),
            ),
          },
          {
            path: "/admin/orders/:id",
            ...page(() =>
              import("../features/admin/pages/AdminOrderPage").then((m) => m.AdminOrderPage),
            ),
          },
          {
            path: "/admin/categories",
            ...page(() =>
              import("../features/admin/pages/AdminCategoriesPage").then(
                (m) => m.AdminCategoriesPage,
              ),
            ),
          },
          {
            path: "/admin/notifications",
            ...page(() =>
              import("../features/admin/pages/AdminDeadLettersPage").then(
                (m) => m.AdminDeadLettersPage,
              ),
            ),
          },
        ],
      },
      { path: "*", element: <p>There is no page here.</p> },
    ],
  },
];
