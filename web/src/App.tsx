import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";
import { Toaster } from "sonner";
import { SessionProvider } from "./auth/session";
import { useSession } from "./auth/useSession";
import { AdminOnly, Layout } from "./components/Layout";
import { AccountPage } from "./pages/Account";
import { AdminDeadLettersPage } from "./pages/admin/DeadLetters";
import { AdminOrdersPage } from "./pages/admin/Orders";
import { AdminProductPage, AdminProductsPage } from "./pages/admin/Products";
import { LoginPage, RegisterPage } from "./pages/Auth";
import { CartPage } from "./pages/Cart";
import { CatalogPage } from "./pages/Catalog";
import { CheckoutPage } from "./pages/Checkout";
import { NotificationsPage } from "./pages/Notifications";
import { OrderPage, OrdersPage } from "./pages/Orders";
import { ProductPage } from "./pages/Product";
import { Navigate } from "react-router";
import { lazy, Suspense } from "react";
import { Loading } from "./components/states";

const TasksRoutes = lazy(() => import("./tasks/routes"));

function Tasks({ page }: { page: "list" | "edit" | "tags" | "dashboard" }) {
  return (
    <SignedIn>
      <Suspense fallback={<Loading label="Loading tasks" />}>
        <TasksRoutes page={page} />
      </Suspense>
    </SignedIn>
  );
}
import { ApiError } from "./lib/problem";

function SignedIn({ children }: { children: React.ReactNode }) {
  const { tokens } = useSession();
  if (!tokens)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <>{children}</>;
}

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <CatalogPage /> },
      { path: "/products/:slug", element: <ProductPage /> },
      { path: "/cart", element: <CartPage /> },
      { path: "/checkout", element: <CheckoutPage /> },
      { path: "/login", element: <LoginPage /> },
      { path: "/register", element: <RegisterPage /> },
      {
        path: "/orders",
        element: (
          <SignedIn>
            <OrdersPage />
          </SignedIn>
        ),
      },
      {
        path: "/orders/:id",
        element: (
          <SignedIn>
            <OrderPage />
          </SignedIn>
        ),
      },
      {
        path: "/account",
        element: (
          <SignedIn>
            <AccountPage />
          </SignedIn>
        ),
      },
      {
        path: "/notifications",
        element: (
          <SignedIn>
            <NotificationsPage />
          </SignedIn>
        ),
      },
      {
        path: "/admin/products",
        element: (
          <AdminOnly>
            <AdminProductsPage />
          </AdminOnly>
        ),
      },
      {
        path: "/admin/products/:id",
        element: (
          <AdminOnly>
            <AdminProductPage />
          </AdminOnly>
        ),
      },
      {
        path: "/admin/orders",
        element: (
          <AdminOnly>
            <AdminOrdersPage />
          </AdminOnly>
        ),
      },
      {
        path: "/admin/notifications",
        element: (
          <AdminOnly>
            <AdminDeadLettersPage />
          </AdminOnly>
        ),
      },
      { path: "/tasks", element: <Tasks page="list" /> },
      { path: "/tasks/dashboard", element: <Tasks page="dashboard" /> },
      { path: "/tasks/tags", element: <Tasks page="tags" /> },
      { path: "/tasks/:id", element: <Tasks page="edit" /> },
      { path: "*", element: <p>There is no page here.</p> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again; network and 5xx errors may.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <RouterProvider router={router} />
        <Toaster position="bottom-right" theme="system" />
      </SessionProvider>
    </QueryClientProvider>
  );
}
