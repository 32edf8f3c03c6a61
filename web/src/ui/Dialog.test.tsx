import { useState } from "react";
import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfirmDialog, ConfirmProvider } from "./Dialog";
import { useConfirm } from "./confirm";

function Asker() {
  const confirm = useConfirm();
  const [answer, setAnswer] = useState("none");
  return (
    <>
      <button
        type="button"
        onClick={async () =>
          setAnswer(
            String(
              await confirm({
                title: "Cancel this order?",
                description: "The payment is refunded.",
                confirmLabel: "Cancel order",
                cancelLabel: "Keep order",
                destructive: true,
              }),
            ),
          )
        }
      >
        Ask
      </button>
      <output>{answer}</output>
    </>
  );
}

const start = () =>
  render(
    <ConfirmProvider>
      <Asker />
    </ConfirmProvider>,
  );

describe("useConfirm", () => {
  it("asks with the safe choice focused and resolves true on confirm", async () => {
    start();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Cancel this order?" });
    expect(dialog).toHaveAccessibleDescription("The payment is refunded.");
    expect(screen.getByRole("button", { name: "Keep order" })).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "Cancel order" }));
    expect(await screen.findByText("true")).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  it("resolves false on Escape and gives focus back", async () => {
    start();
    const ask = screen.getByRole("button", { name: "Ask" });
    await userEvent.click(ask);
    await screen.findByRole("alertdialog");
    await userEvent.keyboard("{Escape}");
    expect(await screen.findByText("false")).toBeInTheDocument();
    await waitFor(() => expect(ask).toHaveFocus());
  });
});

/** A page that holds the dialog's state itself, as the order page does. */
function Controlled() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Cancel order
      </button>
      <ConfirmDialog
        open={open}
        title="Cancel order FE-1?"
        confirmLabel="Cancel it"
        cancelLabel="Keep order"
        onCancel={() => setOpen(false)}
        onConfirm={() => setOpen(false)}
      />
    </>
  );
}

describe("ConfirmDialog", () => {
  it("gives focus back to the button that opened it, after Escape or either choice", async () => {
    render(<Controlled />);
    const opener = screen.getByRole("button", { name: "Cancel order" });
    for (const close of [
      () => userEvent.keyboard("{Escape}"),
      () => userEvent.click(screen.getByRole("button", { name: "Keep order" })),
      () => userEvent.click(screen.getByRole("button", { name: "Cancel it" })),
    ]) {
      opener.focus();
      await userEvent.keyboard("{Enter}");
      await screen.findByRole("alertdialog");
      expect(screen.getByRole("button", { name: "Keep order" })).toHaveFocus();
      await close();
      await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
      await waitFor(() => expect(opener).toHaveFocus());
    }
  });
});
