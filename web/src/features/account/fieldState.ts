import { useCallback, useState } from "react";
import { fieldErrors } from "../../lib/problem";

/**
 * Errors shown on a form's fields: set from the form's own checks or from a
 * problem's field errors, and each cleared as soon as its field is edited.
 */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const clear = useCallback(
    (field: F) =>
      setErrors((e) => {
        if (!(field in e)) return e;
        const rest = { ...e };
        delete rest[field];
        return rest;
      }),
    [],
  );
  /** Takes the problem's errors for the named fields; returns whether any was for them. */
  const fromProblem = useCallback((error: unknown, fields: readonly F[]): boolean => {
    const all = fieldErrors(error);
    const mine: Partial<Record<F, string>> = {};
    for (const f of fields) if (all[f]) mine[f] = all[f];
    setErrors(mine);
    return Object.keys(mine).length > 0;
  }, []);
  return { errors, setErrors, clear, fromProblem };
}
