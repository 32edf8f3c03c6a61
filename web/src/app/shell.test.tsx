import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { SessionContext, type Session } from "../auth/useSession";
import { routes } from "./routes";

const guest: Session = {
  tokens: null,
  userId: null,
  email: null,
  isAdmin: false,
  login: async () => null,
  finishLogin: async () => {},
  register: async () => {},
  logout: async () => {},
};

function start(url: string, wrap = (c: ReactNode) => c) {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={guest}>
        {wrap(<RouterProvider router={router} />)}
      </SessionContext.Provider>
    </QueryClientProvider>,
  );
  return router;
}

describe("the app shell", () => {
  it("answers an unknown address with a not-found page, its title and ways on", async () => {
    start("/no-such-page");
    expect(
      await screen.findByRole(
        "heading",
        { level: 1, name: "We could not find that page" },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Page not found · Feira"));
    expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  });

  it("moves focus to the new page's heading after a navigation, not to the body", async () => {
    const router = start("/no-such-page");
    await userEvent.click(
      await screen.findByRole("link", { name: "Browse all products" }, { timeout: 5000 }),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe("/products"));
    const heading = await screen.findByRole(
      "heading",
      { level: 1, name: "All products" },
      { timeout: 5000 },
    );
    await waitFor(() => expect(heading).toHaveFocus());
    await waitFor(() => expect(document.title).toBe("All products · Feira"));
  });

  it("sends old catalog links on / to the catalog with their filters", async () => {
    const router = start("/?q=wool&page=2");
    await waitFor(() => expect(router.state.location.pathname).toBe("/products"));
    expect(router.state.location.search).toBe("?q=wool&page=2");
  });

  it("starts with a skip link to the main content", async () => {
    start("/no-such-page");
    await screen.findByRole("heading", { level: 1 }, { timeout: 5000 });
    await userEvent.tab();
    const skip = screen.getByRole("link", { name: "Skip to content" });
    expect(skip).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(screen.getByRole("main")).toHaveFocus();
  });
});
