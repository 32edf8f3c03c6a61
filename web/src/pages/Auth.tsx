import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useSession } from "../auth/useSession";
import { Field } from "../components/states";
import { ApiError, describeError } from "../lib/problem";

/**
 * A sign-in form's submit: runs `action` with the form's fields, keeps its
 * error for display, and goes to `?next=` (a local path) or home on success.
 */
function useSignInForm(action: (form: FormData) => Promise<void>) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await action(form);
      const next = params.get("next");
      navigate(next?.startsWith("/") ? next : "/");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, onSubmit };
}

export function LoginPage() {
  const session = useSession();
  const { error, busy, onSubmit } = useSignInForm((form) =>
    session.login(String(form.get("email")), String(form.get("password"))),
  );
  return (
    <form className="card mx-auto max-w-sm space-y-4 p-6" onSubmit={onSubmit}>
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error !== null && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {describeError(error)}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        Sign in
      </button>
      <p className="text-sm">
        New here?{" "}
        <Link to="/register" className="underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}

export function RegisterPage() {
  const session = useSession();
  const { error, busy, onSubmit } = useSignInForm((form) =>
    session.register(
      String(form.get("name")),
      String(form.get("email")),
      String(form.get("password")),
    ),
  );
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <form className="card mx-auto max-w-sm space-y-4 p-6" onSubmit={onSubmit}>
      <h1 className="text-2xl font-semibold">Create an account</h1>
      <Field label="Name" name="name" autoComplete="name" required error={fields.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={fields.email}
      />
      <Field
        label="Password (10 characters or more)"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        error={fields.password}
      />
      {error !== null && Object.keys(fields).length === 0 && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {describeError(error)}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        Create account
      </button>
    </form>
  );
}
