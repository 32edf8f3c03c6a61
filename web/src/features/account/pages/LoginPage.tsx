import { useState } from "react";
import { Link } from "react-router";
import { useSession } from "../../../auth/useSession";
import { ApiError, problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { Field, FormError, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { withNext } from "../next";
import { useSignInForm } from "../signInForm";

const card =
  "space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900";

/** Whether a login's code step is over: back to the password. */
function challengeGone(error: unknown): boolean {
  return error instanceof ApiError && error.slug.startsWith("challenge-");
}

/** The code step of a login with two-factor on. */
function CodeStep({
  challenge,
  onRestart,
}: {
  challenge: string;
  onRestart: (why: unknown) => void;
}) {
  const session = useSession();
  const [recovery, setRecovery] = useState(false);
  const { error, setError, busy, onSubmit } = useSignInForm(async (form) => {
    try {
      await session.finishLogin(challenge, String(form.get("code")));
    } catch (err) {
      if (challengeGone(err)) onRestart(err);
      throw err;
    }
  });
  return (
    <form className={card} onSubmit={onSubmit} aria-label="Two-factor code">
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {recovery
          ? "Enter one of the recovery codes you saved when you turned on two-factor sign-in. Each works once."
          : "Open your authenticator app and enter the 6-digit code it shows for Feira."}
      </p>
      <Field
        key={recovery ? "recovery" : "app"}
        label={recovery ? "Recovery code" : "Code from your app"}
        error={error !== null && !challengeGone(error) ? problemMessage(error) : undefined}
      >
        <TextInput
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          pattern={recovery ? undefined : "[0-9 ]*"}
          maxLength={recovery ? 16 : 7}
          placeholder={recovery ? "xxxxx-xxxxx" : "123456"}
          autoFocus
          required
          spellCheck={false}
          onChange={() => error !== null && setError(null)}
          className="font-mono tracking-widest"
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full" loading={busy}>
        Verify and sign in
      </Button>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <button
          type="button"
          className="underline underline-offset-4"
          onClick={() => {
            setRecovery(!recovery);
            setError(null);
          }}
        >
          {recovery ? "Use the code from your app" : "Use a recovery code"}
        </button>
        <button
          type="button"
          className="underline underline-offset-4"
          onClick={() => onRestart(null)}
        >
          Start over
        </button>
      </div>
    </form>
  );
}

export function LoginPage() {
  const session = useSession();
  const [challenge, setChallenge] = useState<string | null>(null);
  const { error, setError, busy, onSubmit, next } = useSignInForm(async (form) => {
    const owed = await session.login(String(form.get("email")), String(form.get("password")));
    if (!owed) return;
    setChallenge(owed.challenge);
    return false;
  });
  const onEdit = () => error !== null && setError(null);
  if (challenge) {
    return (
      <div className="mx-auto max-w-sm">
        <PageHeader title="Two-factor sign-in" description="One more step to sign in." />
        <CodeStep
          challenge={challenge}
          onRestart={(why) => {
            setChallenge(null);
            setError(why);
          }}
        />
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader
        title="Sign in"
        description={
          next === "/checkout" ? "Sign in to check out. Your cart stays as it is." : undefined
        }
      />
      <form className={card} onSubmit={onSubmit} aria-label="Sign in">
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
          <FormError className="rounded-lg bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200">
            {problemMessage(error)}
          </FormError>
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
