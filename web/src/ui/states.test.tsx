import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ErrorState, Field } from "./states";
import { ApiError } from "../lib/problem";

describe("states", () => {
  it("shows the problem's detail and retries", async () => {
    const retry = vi.fn();
    const error = new ApiError({
      type: "urn:feira:problem:x",
      title: "Bad",
      status: 503,
      detail: "Catalog is down.",
    });
    render(<ErrorState error={error} retry={retry} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Catalog is down.");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("ties a field's error to its input for screen readers", () => {
    render(<Field label="Name" name="name" error="must not be empty" />);
    const input = screen.getByLabelText("Name");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("must not be empty");
  });
});
