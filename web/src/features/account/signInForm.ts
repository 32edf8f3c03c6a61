import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { safeNext } from "./next";

/**
 * A sign-in form's submit: runs `action` with the form's fields, keeps its
 * error for display, and goes to `?next=` (a local path) or home on success.
 * `next` is also what the form's link to the other form carries along.
 * An action that resolves to `false` stays on the page (another step follows).
 */
export function useSignInForm(action: (form: FormData) => Promise<boolean | void>) {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      if ((await action(form)) !== false) navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, onSubmit, next };
}
