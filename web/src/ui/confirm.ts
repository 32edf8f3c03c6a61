import { createContext, useContext, type ReactNode } from "react";

/** What a confirmation asks. */
export interface ConfirmOptions {
  title: string;
  /** What happens, in a sentence or two ("The order is cancelled and refunded."). */
  description?: ReactNode;
  /** The confirming button's label; say the action ("Cancel order"), not "OK". */
  confirmLabel?: string;
  /** The dismissing button's label ("Keep order"). */
  cancelLabel?: string;
  /** A red confirming button, for actions that destroy or cannot be undone. */
  destructive?: boolean;
}

export type Confirm = (options: ConfirmOptions) => Promise<boolean>;

export const ConfirmContext = createContext<Confirm | null>(null);

/**
 * Asks the person before an action: `if (await confirm({ title, destructive: true })) …`.
 * Resolves true on confirm and false on cancel, Escape or a click outside.
 * Needs `ConfirmProvider` (the app mounts it once).
 */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error("useConfirm outside ConfirmProvider");
  return confirm;
}
