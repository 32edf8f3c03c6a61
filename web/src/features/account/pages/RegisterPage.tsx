import { useSession } from "../../../auth/useSession";
import { ApiError, describeError } from "../../../lib/problem";
import { Field } from "../../../ui/states";
import { useSignInForm } from "../signInForm";

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
