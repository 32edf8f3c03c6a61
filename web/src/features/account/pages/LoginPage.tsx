import { Link } from "react-router";
import { useSession } from "../../../auth/useSession";
import { describeError } from "../../../lib/problem";
import { Field } from "../../../ui/states";
import { useSignInForm } from "../signInForm";

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
