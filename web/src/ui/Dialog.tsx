import * as RadixDialog from "@radix-ui/react-dialog";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { Button } from "./Button";
import { ConfirmContext, type ConfirmOptions } from "./confirm";

const overlay =
  "fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[1px] data-[state=open]:animate-[fade-in_150ms_ease-out]";

export interface ConfirmDialogProps extends ConfirmOptions {
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Shows the confirming button busy while the action runs. */
  busy?: boolean;
}

/**
 * A modal question before an action, on Radix Dialog: focus is trapped inside,
 * Escape and the cancel button dismiss it, and focus returns where it was.
 * The cancel button takes focus first, so Enter never destroys by accident.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive,
  busy,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Radix gives focus back to a `Dialog.Trigger`; this dialog has none (it
  // opens from any button, or from code), so it remembers what had focus.
  const opener = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => !next && onCancel()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlay} />
        <RadixDialog.Content
          role="alertdialog"
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            const active = document.activeElement;
            opener.current =
              active instanceof HTMLElement && active !== document.body ? active : null;
            cancelRef.current?.focus();
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener.current?.isConnected) opener.current.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-white p-6 shadow-2xl ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="text-lg font-semibold text-zinc-900 dark:text-white">
            {title}
          </RadixDialog.Title>
          {description && (
            <RadixDialog.Description className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
              {description}
            </RadixDialog.Description>
          )}
          <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button ref={cancelRef} variant="secondary" onClick={onCancel}>
              {cancelLabel}
            </Button>
            <Button variant={destructive ? "danger" : "primary"} loading={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Mounts the one dialog that `useConfirm()` opens; the app wraps everything in it. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<
    (ConfirmOptions & { resolve: (ok: boolean) => void }) | null
  >(null);
  const confirm = useCallback(
    (options: ConfirmOptions) =>
      new Promise<boolean>((resolve) => setRequest({ ...options, resolve })),
    [],
  );
  // The dialog gives focus back to what opened it as it unmounts.
  const close = (ok: boolean) => {
    request?.resolve(ok);
    setRequest(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      {request && (
        <ConfirmDialog
          {...request}
          open
          onConfirm={() => close(true)}
          onCancel={() => close(false)}
        />
      )}
    </ConfirmContext.Provider>
  );
}

export interface DrawerProps {
  /** The element that opens the drawer (a button); Radix makes it the trigger. */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  /** Read by screen readers when the drawer opens. */
  description?: ReactNode;
  /** Which edge it slides from: the right (cart) or the left (filters on a phone). */
  side?: "left" | "right";
  children: ReactNode;
  /** Sticks to the bottom of the drawer (totals, Apply). */
  footer?: ReactNode;
  closeLabel?: string;
}

/** A side panel on Radix Dialog: focus trap, Escape, focus back to its trigger. */
export function Drawer({
  trigger,
  open,
  onOpenChange,
  title,
  description,
  side = "right",
  children,
  footer,
  closeLabel = "Close",
}: DrawerProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlay} />
        <RadixDialog.Content
          className={`fixed inset-y-0 z-50 flex w-full max-w-md flex-col bg-white shadow-2xl dark:bg-zinc-950 ${
            side === "right"
              ? "right-0 border-l border-zinc-200 dark:border-zinc-800"
              : "left-0 border-r border-zinc-200 dark:border-zinc-800"
          }`}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-4 dark:border-zinc-800">
            <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
            <RadixDialog.Close asChild>
              <Button variant="ghost" size="sm" aria-label={closeLabel} className="-mr-2">
                <svg
                  aria-hidden="true"
                  viewBox="0 0 24 24"
                  className="size-5"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                >
                  <path d="M6 6l12 12M18 6 6 18" strokeLinecap="round" />
                </svg>
              </Button>
            </RadixDialog.Close>
          </div>
          {description && (
            <RadixDialog.Description className="sr-only">{description}</RadixDialog.Description>
          )}
          <div className="flex-1 overflow-y-auto px-5 py-4">{children}</div>
          {footer && (
            <div className="border-t border-zinc-200 px-5 py-4 dark:border-zinc-800">{footer}</div>
          )}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Closes the surrounding drawer or dialog when its child is activated (a link in the cart). */
export const DrawerClose = RadixDialog.Close;
