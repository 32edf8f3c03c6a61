import { useState } from "react";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { formatDate } from "../../../lib/format";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import { Field, FormError, TextInput } from "../../../ui/Field";
import { ErrorState, Loading } from "../../../ui/states";
import { toast } from "../../../ui/toast";
import { useBeginTwoFactor, useConfirmTwoFactor, useDisableTwoFactor, useTwoFactor } from "../api";
import { useFieldErrors } from "../fieldState";

type Enrolment = NonNullable<ReturnType<typeof useBeginTwoFactor>["data"]>;

/** The key in groups of four, as people copy it by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/** Scan the QR code (or type the key), then confirm with the app's first code. */
function Enrol({
  enrolment,
  onDone,
  onCancel,
}: {
  enrolment: Enrolment;
  onDone: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const confirm = useConfirmTwoFactor();
  const [error, setError] = useState<string | null>(null);
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}`;
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-4 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
        <li>
          <p>
            Scan this QR code with an authenticator app, such as 1Password, Google Authenticator or
            Aegis.
          </p>
          <img
            src={qr}
            alt="QR code that adds Feira to your authenticator app"
            width={176}
            height={176}
            className="mt-3 rounded-lg border border-zinc-200 bg-white p-2 dark:border-zinc-700"
          />
          <details className="mt-2">
            <summary className="cursor-pointer underline underline-offset-4">
              Cannot scan? Type the key instead
            </summary>
            <p
              className="mt-2 font-mono text-base break-all text-zinc-900 dark:text-zinc-100"
              data-testid="totp-secret"
            >
              {grouped(enrolment.secret)}
            </p>
            <p className="mt-1">Choose a time-based code of 6 digits.</p>
          </details>
        </li>
        <li>
          <form
            noValidate
            aria-label="Confirm two-factor"
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              const code = String(new FormData(e.currentTarget).get("code")).trim();
              if (!/^\d{3} ?\d{3}$/.test(code)) {
                setError("Enter the 6-digit code your app shows.");
                document.getElementById("totp-confirm")?.focus();
                return;
              }
              confirm.mutate(code, {
                onSuccess: (data) => onDone(data.recovery_codes),
                onError: (err) => {
                  setError(fieldErrors(err).code ?? problemMessage(err));
                  document.getElementById("totp-confirm")?.focus();
                },
              });
            }}
          >
            <Field label="Enter the code the app shows" error={error ?? undefined}>
              <TextInput
                id="totp-confirm"
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={7}
                spellCheck={false}
                className="max-w-40 font-mono tracking-widest"
                onChange={() => setError(null)}
              />
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="primary" loading={confirm.isPending}>
                Turn on
              </Button>
              <Button type="button" variant="ghost" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

/** The recovery codes, shown once, with ways to keep them. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const text = `Feira recovery codes. Each works once instead of a code from your app.\n\n${codes.join("\n")}\n`;
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        Two-factor sign-in is on. Save these recovery codes somewhere safe: if you lose your phone,
        each one signs you in once. We will not show them again.
      </p>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-lg bg-zinc-50 p-4 font-mono text-sm sm:grid-cols-5 dark:bg-zinc-950"
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          onClick={() =>
            void navigator.clipboard
              .writeText(text)
              .then(() => toast.success("Recovery codes copied."))
              .catch(() => toast.error("Could not copy; select the codes and copy them yourself."))
          }
        >
          Copy
        </Button>
        <a
          className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-medium underline underline-offset-4"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download="feira-recovery-codes.txt"
        >
          Download
        </a>
        <Button type="button" variant="primary" onClick={onDone}>
          I saved them
        </Button>
      </div>
    </div>
  );
}

type OffField = "password" | "code";

/** Turn it off: the password and a current code (or a recovery code). */
function TurnOff() {
  const disable = useDisableTwoFactor();
  const { errors, setErrors, clear, fromProblem } = useFieldErrors<OffField>();
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      noValidate
      aria-label="Turn off two-factor"
      className="space-y-4 border-t border-zinc-200 pt-4 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const password = String(data.get("password"));
        const code = String(data.get("code")).trim();
        setFormError(null);
        const missing: Partial<Record<OffField, string>> = {};
        if (!password) missing.password = "Enter your current password.";
        if (!code) missing.code = "Enter a code from your app or a recovery code.";
        if (Object.keys(missing).length > 0) {
          setErrors(missing);
          document.getElementById(missing.password ? "off-password" : "off-code")?.focus();
          return;
        }
        disable.mutate(
          { password, code },
          {
            onSuccess: () => form.reset(),
            onError: (error) => {
              if (fromProblem(error, ["password", "code"])) {
                const first = Object.keys(fieldErrors(error))[0];
                document
                  .getElementById(first === "password" ? "off-password" : "off-code")
                  ?.focus();
              } else setFormError(problemMessage(error));
            },
          },
        );
      }}
    >
      <h3 className="font-medium">Turn off two-factor sign-in</h3>
      <Field label="Current password" error={errors.password}>
        <TextInput
          id="off-password"
          name="password"
          type="password"
          autoComplete="current-password"
          onChange={() => clear("password")}
        />
      </Field>
      <Field label="Code from your app, or a recovery code" error={errors.code}>
        <TextInput
          id="off-code"
          name="code"
          autoComplete="one-time-code"
          spellCheck={false}
          className="max-w-56 font-mono tracking-widest"
          onChange={() => clear("code")}
        />
      </Field>
      <FormError>{formError}</FormError>
      <Button type="submit" loading={disable.isPending}>
        Turn off
      </Button>
    </form>
  );
}

/** Two-factor sign-in: set it up with an authenticator app, or turn it off. */
export function TwoFactor({ className }: { className: string }) {
  const status = useTwoFactor();
  const begin = useBeginTwoFactor();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const on = status.data?.enabled ?? false;
  return (
    <section aria-labelledby="two-factor" className={`${className} space-y-4`}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="two-factor" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        {status.data && <Badge tone={on ? "success" : "neutral"}>{on ? "On" : "Off"}</Badge>}
      </div>
      {status.isPending ? (
        <Loading label="Loading two-factor sign-in" rows={1} />
      ) : status.error ? (
        <ErrorState error={status.error} retry={() => void status.refetch()} />
      ) : codes ? (
        <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
      ) : enrolment ? (
        <Enrol
          enrolment={enrolment}
          onCancel={() => setEnrolment(null)}
          onDone={(c) => {
            setEnrolment(null);
            setCodes(c);
          }}
        />
      ) : on ? (
        <>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Signing in asks for a code from your authenticator app after your password
            {status.data.enabled_at
              ? ` (on since ${formatDate(status.data.enabled_at)})`
              : ""}.{" "}
            {status.data.recovery_codes_left === 1
              ? "1 recovery code is left."
              : `${status.data.recovery_codes_left} recovery codes are left.`}
          </p>
          <TurnOff />
        </>
      ) : (
        <>
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Protect your account with a code from an authenticator app on your phone, asked for
            after your password.
          </p>
          <FormError>{begin.error ? problemMessage(begin.error) : null}</FormError>
          <Button
            loading={begin.isPending}
            onClick={() => begin.mutate(undefined, { onSuccess: setEnrolment })}
          >
            Set up two-factor sign-in
          </Button>
        </>
      )}
    </section>
  );
}
