import { useMemo, useState, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import type { Tokens } from "../auth/tokens";
import { SessionContext, type Session } from "../auth/useSession";
import { routes } from "./routes";

/** A session that signs anyone in without asking an API. */
function FakeSession({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const [tokens, setTokens] = useState<Tokens | null>(null);
  const session = useMemo<Session>(
    () => ({
      tokens,
      userId: tokens ? "u1" : null,
      email: tokens ? "ana@example.com" : null,
      isAdmin: Boolean(tokens) && admin,
      login: async () => {
        setTokens({ access_token: "a", refresh_token: "r" });
        return null;
      },
      finishLogin: async () => setTokens({ access_token: "a", refresh_token: "r" }),
      register: async () => setTokens({ access_token: "a", refresh_token: "r" }),
      logout: async () => setTokens(null),
    }),
    [tokens, admin],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

function start(url: string) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <FakeSession>
        <RouterProvider router={router} />
      </FakeSession>
    </QueryClientProvider>,
  );
  return router;
}

describe("SignedIn", () => {
  it("sends a guest to sign in with the whole address, query string included, in next", async () => {
    const router = start("/tasks?tag=home&sort=title#list");
    await screen.findByRole("heading", { name: "Sign in" }, { timeout: 5000 });
    expect(router.state.location.pathname).toBe("/login");
    const next = new URLSearchParams(router.state.location.search).get("next");
    expect(next).toBe("/tasks?tag=home&sort=title#list");
  });

  it("comes back to that address after signing in", async () => {
    const router = start("/orders?page=2");
    await screen.findByRole("heading", { name: "Sign in" }, { timeout: 5000 });
    await userEvent.type(screen.getByLabelText("Email"), "ana@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "a long passphrase");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "Your orders" }, { timeout: 5000 });
    await waitFor(() => expect(router.state.location.pathname).toBe("/orders"));
    expect(router.state.location.search).toBe("?page=2");
  });
});

describe("AdminOnly", () => {
  it("keeps guests away from admin screens", async () => {
    start("/admin/orders?status=paid");
    expect(
      await screen.findByText("Please sign in as an administrator.", undefined, { timeout: 5000 }),
    ).toBeInTheDocument();
  });
});
