import { toast as sonner } from "sonner";

/** A button in a toast ("Undo", "View cart"). */
export interface ToastAction {
  label: string;
  onClick: () => void;
}

export interface ToastOptions {
  /** A second line with more detail. */
  description?: string;
  action?: ToastAction;
  /** How long it stays, in ms; longer by default when it offers an action. */
  duration?: number;
  /** Replaces an earlier toast with the same id instead of stacking a new one. */
  id?: string | number;
}

const show =
  (kind: "success" | "error" | "info" | "warning") =>
  (message: string, options: ToastOptions = {}) =>
    sonner[kind](message, {
      id: options.id,
      description: options.description,
      action: options.action,
      duration: options.duration ?? (options.action ? 8000 : kind === "error" ? 6000 : 4000),
    });

/**
 * Toasts of the app, over sonner. Say what happened in a full sentence
 * ("Added to your cart.", "Only 3 left — 3 are in your cart."); errors come
 * from `problemMessage`, never the API's text.
 */
export const toast = {
  success: show("success"),
  error: show("error"),
  info: show("info"),
  warning: show("warning"),
  dismiss: (id?: string | number) => sonner.dismiss(id),
};
