import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ErrorState, Field as LegacyField } from "./states";
import { Field, TextInput } from "./Field";
import { ApiError } from "../lib/problem";

const problem = (status: number, detail: string) =>
  new ApiError({ type: "urn:feira:problem:x", title: "Bad", status, detail });

describe("states", () => {
  it("explains a server error in its own words and offers to retry", async () => {
    const retry = vi.fn();
    render(
      <ErrorState error={problem(503, "The `catalog` service is unavailable.")} retry={retry} />,
    );
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Something went wrong on our side");
    expect(alert).not.toHaveTextContent("catalog");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("offers no retry when asking again cannot help", () => {
    render(<ErrorState error={problem(404, "No such product.")} retry={() => {}} />);
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("ties a field's error to its input for screen readers", () => {
    render(<LegacyField label="Name" name="name" error="Enter a name." />);
    const input = screen.getByLabelText("Name");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Enter a name.");
  });
});

describe("Field", () => {
  it("labels its control and describes it by the error and the hint", () => {
    render(
      <Field label="Email" hint="We send the receipt here." error="Enter a valid email address.">
        <TextInput type="email" />
      </Field>,
    );
    const input = screen.getByLabelText("Email");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(
      "Enter a valid email address. We send the receipt here.",
    );
    expect(input.className).toContain("border-red-600");
  });

  it("is plain without an error", () => {
    render(
      <Field label="Email">
        <TextInput type="email" />
      </Field>,
    );
    const input = screen.getByLabelText("Email");
    expect(input).not.toHaveAttribute("aria-invalid");
    expect(input.className).not.toContain("border-red-600");
  });
});
