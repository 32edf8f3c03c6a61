import { useState } from "react";
import { Link } from "react-router";
import { useSession } from "../../../auth/useSession";
import { ApiError, fieldErrors, problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { Field, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { toast } from "../../../ui/toast";
import { useFieldErrors } from "../fieldState";
import { withNext } from "../next";
import { useSignInForm } from "../signInForm";

type RegisterField = "name" | "email" | "password";
const FIELDS: RegisterField[] = ["name", "email", "password"];

/** The form's own checks, the same the server makes, so most mistakes never leave the page. */
function check(form: FormData): Partial<Record<RegisterField, string>> {
  const out: Partial<Record<RegisterField, string>> = {};
  const name = String(form.get("name") ?? "").trim();
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!name) out.name = "Enter your name.";
  if (!email) out.email = "Enter your email address.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    out.email = "Enter a valid email address, like name@example.com.";
  if (password.length < 10) out.password = "Use a password of at least 10 characters.";
  return out;
}

export function RegisterPage() {
  const session = useSession();
  const { errors, setErrors, clear, fromProblem } = useFieldErrors<RegisterField>();
  const [email, setEmail] = useState("");
  const { error, setError, busy, onSubmit, next } = useSignInForm(async (form) => {
    const address = String(form.get("email")).trim();
    setEmail(address);
    try {
      await session.register(
        String(form.get("name")).trim(),
        address,
        String(form.get("password")),
      );
      toast.success(`Welcome! We sent a link to ${address} to confirm your email.`);
    } catch (err) {
      if (err instanceof ApiError && err.slug === "email-unavailable") {
        // Not a field error on the wire, but the email is what to change.
        setErrors({ email: problemMessage(err) });
        document.getElementById("register-email")?.focus();
      } else if (fromProblem(err, FIELDS)) {
        const first = FIELDS.find((f) => fieldErrors(err)[f]);
        if (first) document.getElementById(`register-${first}`)?.focus();
      }
      throw err;
    }
  });
  const fieldProblem = Object.keys(errors).length > 0;
  const input = (name: RegisterField) => ({
    id: `register-${name}`,
    name,
    onChange: () => {
      clear(name);
      if (error !== null) setError(null);
    },
  });
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader
        title="Create an account"
        description={
          next === "/checkout" ? "Then you go straight on to checkout, with your cart." : undefined
        }
      />
      <form
        noValidate
        aria-label="Create an account"
        className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
        onSubmit={(e) => {
          const found = check(new FormData(e.currentTarget));
          if (Object.keys(found).length > 0) {
            e.preventDefault();
            setErrors(found);
            const first = FIELDS.find((f) => found[f]);
            if (first) document.getElementById(`register-${first}`)?.focus();
            return;
          }
          void onSubmit(e);
        }}
      >
        <Field label="Name" error={errors.name}>
          <TextInput {...input("name")} autoComplete="name" required />
        </Field>
        <Field label="Email" error={errors.email}>
          <TextInput {...input("email")} type="email" autoComplete="email" required />
        </Field>
        <Field
          label="Password"
          error={errors.password}
          hint={errors.password ? undefined : "At least 10 characters."}
        >
          <TextInput
            {...input("password")}
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
          />
        </Field>
        {error !== null && !fieldProblem && (
          <p
            role="alert"
            className="rounded-lg bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {error instanceof ApiError && error.slug === "invalid-credentials" ? (
              // The address had an account (registering answers the same
              // either way, ADR 0041); its owner was emailed.
              <>
                We sent an email to {email}. If you already have an account with it,{" "}
                <Link to={withNext("/login", next)} className="underline underline-offset-4">
                  sign in
                </Link>{" "}
                or{" "}
                <Link to="/forgot-password" className="underline underline-offset-4">
                  reset your password
                </Link>
                .
              </>
            ) : (
              problemMessage(error)
            )}
          </p>
        )}
        <Button type="submit" variant="primary" className="w-full" loading={busy}>
          Create account
        </Button>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Already have an account?{" "}
          <Link to={withNext("/login", next)} className="font-medium underline underline-offset-4">
            Sign in
          </Link>
        </p>
      </form>
    </div>
  );
}
