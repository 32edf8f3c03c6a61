import { Link } from "react-router";
import { useSession } from "../../../auth/useSession";
import { problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { Field, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { withNext } from "../next";
import { useSignInForm } from "../signInForm";

export function LoginPage() {
  const session = useSession();
  const { error, setError, busy, onSubmit, next } = useSignInForm((form) =>
    session.login(String(form.get("email")), String(form.get("password"))),
  );
  const onEdit = () => error !== null && setError(null);
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader
        title="Sign in"
        description={
          next === "/checkout" ? "Sign in to check out. Your cart stays as it is." : undefined
        }
      />
      <form
        className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
        onSubmit={onSubmit}
        aria-label="Sign in"
      >
        <Field label="Email">
          <TextInput name="email" type="email" autoComplete="email" required onChange={onEdit} />
        </Field>
        <Field label="Password">
          <TextInput
            name="password"
            type="password"
            autoComplete="current-password"
            required
            onChange={onEdit}
          />
        </Field>
        <p className="-mt-2 text-right text-sm">
          <Link to="/forgot-password" className="underline underline-offset-4">
            Forgot your password?
          </Link>
        </p>
        {error !== null && (
          <p
            role="alert"
            className="rounded-lg bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {problemMessage(error)}
          </p>
        )}
        <Button type="submit" variant="primary" className="w-full" loading={busy}>
          Sign in
        </Button>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          New here?{" "}
          <Link
            to={withNext("/register", next)}
            className="font-medium underline underline-offset-4"
          >
            Create an account
          </Link>
        </p>
      </form>
    </div>
  );
}
