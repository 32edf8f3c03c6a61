import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";
import { Toaster } from "sonner";
import { SessionProvider } from "../auth/session";
import { mergeGuestCart } from "../features/cart/api";
import { ApiError } from "../lib/problem";
import { ConfirmProvider } from "../ui/Dialog";
import { routes } from "./routes";

const router = createBrowserRouter(routes);

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
      <SessionProvider beforeSignIn={mergeGuestCart}>
        <ConfirmProvider>
          <RouterProvider router={router} />
        </ConfirmProvider>
        {/* Below the header (h-16), so a toast never covers the search or the cart. */}
        <Toaster
          position="top-center"
          theme="system"
          closeButton
          offset={{ top: 76 }}
          mobileOffset={{ top: 72, left: 16, right: 16 }}
        />
      </SessionProvider>
    </QueryClientProvider>
  );
}
