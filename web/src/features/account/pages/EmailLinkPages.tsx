import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { useSession } from "../../../auth/useSession";
import { ApiError, fieldErrors, problemMessage } from "../../../lib/problem";
import { Button } from "../../../ui/Button";
import { Field, FormError, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { Loading } from "../../../ui/states";
import { linkToken, useFollowLink, useResetPassword, useSendLink } from "../api";

const card =
  "space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900";
const linkClass = "font-medium underline underline-offset-4";

/** The secret of the link this page was opened with, read once. */
function useLinkToken(): string | null {
  const { hash } = useLocation();
  const [token] = useState(() => linkToken(hash));
  useEffect(() => {
    // Keep the secret out of the address bar and the history once read.
    if (window.location.hash) {
      window.history.replaceState(window.history.state, "", window.location.pathname);
    }
  }, []);
  return token;
}

function Panel({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader title={title} description={description} />
      <div className={card}>{children}</div>
    </div>
  );
}

/** A status line that a screen reader announces when it appears. */
function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
      {children}
    </p>
  );
}

/**
 * "Send me a link" by address: a new verification link or a reset link. The
 * answer never says whether the address has an account.
 */
export function SendLinkForm({
  kind,
  label,
  initialEmail = "",
}: {
  kind: "verification" | "reset";
  label: string;
  initialEmail?: string;
}) {
  const send = useSendLink(kind);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      setError("Enter a valid email address, like name@example.com.");
      document.getElementById(`${kind}-email`)?.focus();
      return;
    }
    setError(null);
    send.mutate(email, {
      onSuccess: () => setSentTo(email),
      onError: (err) => setError(fieldErrors(err).email ?? problemMessage(err)),
    });
  };
  return (
    <form noValidate onSubmit={onSubmit} aria-label={label} className="space-y-4">
      <Field label="Email" error={error ?? undefined}>
        <TextInput
          id={`${kind}-email`}
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={initialEmail}
          onChange={() => setError(null)}
        />
      </Field>
      {sentTo && (
        <Notice>
          If {sentTo} has an account, a link is on its way.{" "}
          {kind === "reset" ? "It works for 30 minutes." : "It works for 24 hours."} Check your spam
          folder if it does not arrive.
        </Notice>
      )}
      <Button type="submit" variant="primary" className="w-full" loading={send.isPending}>
        {label}
      </Button>
    </form>
  );
}

/** Follows a link once on arrival and shows how it went. */
function FollowLinkPage({
  kind,
  title,
  done,
}: {
  kind: "verify" | "confirm-email";
  title: string;
  done: string;
}) {
  const token = useLinkToken();
  const follow = useFollowLink(kind);
  const session = useSession();
  const started = useRef(false);
  useEffect(() => {
    if (token && !started.current) {
      started.current = true;
      follow.mutate(token);
    }
  }, [token, follow]);
  if (token && (follow.isPending || follow.isIdle)) return <Loading label="Checking your link" />;
  if (follow.isSuccess) {
    return (
      <Panel title={title}>
        <Notice>{done}</Notice>
        <Link
          to={session.userId ? "/products" : "/login"}
          className="inline-flex rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          {session.userId ? "Continue shopping" : "Sign in"}
        </Link>
      </Panel>
    );
  }
  const message = token
    ? problemMessage(follow.error)
    : "This page needs the link from your email. Open the link again, or ask for a new one.";
  return (
    <Panel title={title}>
      <FormError>{message}</FormError>
      {kind === "verify" ? (
        <SendLinkForm kind="verification" label="Send a new link" />
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Ask again from{" "}
          <Link to="/account" className={linkClass}>
            your account
          </Link>
          .
        </p>
      )}
    </Panel>
  );
}

export function VerifyEmailPage() {
  return (
    <FollowLinkPage
      kind="verify"
      title="Confirm your email"
      done="Thank you: your email is confirmed. You can check out now."
    />
  );
}

export function ConfirmEmailPage() {
  return (
    <FollowLinkPage
      kind="confirm-email"
      title="Confirm your new email"
      done="Your account now uses this email. Sign in with it from now on."
    />
  );
}

export function ForgotPasswordPage() {
  return (
    <Panel
      title="Reset your password"
      description="We will email you a link to choose a new password."
    >
      <SendLinkForm kind="reset" label="Email me a reset link" />
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Remembered it?{" "}
        <Link to="/login" className={linkClass}>
          Sign in
        </Link>
      </p>
    </Panel>
  );
}

export function ResetPasswordPage() {
  const token = useLinkToken();
  const reset = useResetPassword();
  const [error, setError] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(
    token ? null : "This page needs the link from your email. Ask for a new one.",
  );
  if (reset.isSuccess) {
    return (
      <Panel title="Password changed">
        <Notice>Your new password is set, and every device was signed out.</Notice>
        <Link to="/login" className={linkClass}>
          Sign in with your new password
        </Link>
      </Panel>
    );
  }
  if (linkError) {
    return (
      <Panel title="Reset your password">
        <FormError>{linkError}</FormError>
        <SendLinkForm kind="reset" label="Email me a new link" />
      </Panel>
    );
  }
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("new_password") ?? "");
    if (password.length < 10) {
      setError("Use at least 10 characters.");
      document.getElementById("reset-password")?.focus();
      return;
    }
    reset.mutate(
      { token: token ?? "", new_password: password },
      {
        onError: (err) => {
          if (err instanceof ApiError && err.slug.startsWith("link-")) {
            setLinkError(problemMessage(err));
          } else {
            setError(fieldErrors(err).new_password ?? problemMessage(err));
            document.getElementById("reset-password")?.focus();
          }
        },
      },
    );
  };
  return (
    <Panel title="Choose a new password">
      <form noValidate onSubmit={onSubmit} aria-label="Choose a new password" className="space-y-4">
        <Field
          label="New password"
          error={error ?? undefined}
          hint={
            error
              ? undefined
              : "At least 10 characters; not a common password, and not your name or email."
          }
        >
          <TextInput
            id="reset-password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            onChange={() => setError(null)}
          />
        </Field>
        <Button type="submit" variant="primary" className="w-full" loading={reset.isPending}>
          Set new password
        </Button>
      </form>
    </Panel>
  );
}
