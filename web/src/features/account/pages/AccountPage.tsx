import { useState } from "react";
import { useSession } from "../../../auth/useSession";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import { ConfirmDialog } from "../../../ui/Dialog";
import { Checkbox, Field, FormError, TextInput } from "../../../ui/Field";
import { PageHeader } from "../../../ui/Page";
import { ErrorState, Loading } from "../../../ui/states";
import { toast } from "../../../ui/toast";
import { useCountries } from "../../orders/api";
import { AddressBlock } from "../../orders/components/AddressBlock";
import { EMPTY_ADDRESS } from "../address";
import { addressFieldId, firstInvalid, serverAddressErrors, useAddressForm } from "../addressForm";
import {
  useAddAddress,
  useChangeEmail,
  useChangePassword,
  useMakeDefaultAddress,
  useMe,
  useRemoveAddress,
  useUpdateProfile,
} from "../api";
import { AddressFields } from "../components/AddressFields";
import { Sessions } from "../components/Sessions";
import { TwoFactor } from "../components/TwoFactor";
import { SendLinkForm } from "./EmailLinkPages";
import { useFieldErrors } from "../fieldState";

const card =
  "rounded-xl border border-zinc-200 bg-white p-4 sm:p-6 dark:border-zinc-800 dark:bg-zinc-900";

type Me = NonNullable<ReturnType<typeof useMe>["data"]>;

function ProfileForm({ me }: { me: Me }) {
  const profile = useUpdateProfile();
  const { errors, setErrors, clear, fromProblem } = useFieldErrors<"name" | "phone">();
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      noValidate
      aria-labelledby="profile"
      className={`${card} space-y-4`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const name = String(form.get("name")).trim();
        const phone = String(form.get("phone")).replace(/[\s()-]/g, "");
        setFormError(null);
        if (!name) {
          setErrors({ name: "Enter your name." });
          document.getElementById("profile-name")?.focus();
          return;
        }
        if (phone && !/^\+[1-9]\d{6,14}$/.test(phone)) {
          setErrors({ phone: "Enter the number with its country code, like +351 912 345 678." });
          document.getElementById("profile-phone")?.focus();
          return;
        }
        profile.mutate(
          { name, phone: phone || null },
          {
            onError: (error) => {
              if (!fromProblem(error, ["name", "phone"])) setFormError(problemMessage(error));
            },
          },
        );
      }}
    >
      <h2 id="profile" className="text-lg font-semibold">
        Profile
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Signed in as <span className="font-medium text-zinc-900 dark:text-white">{me.email}</span>
      </p>
      <Field label="Name" error={errors.name}>
        <TextInput
          id="profile-name"
          name="name"
          autoComplete="name"
          defaultValue={me.name}
          onChange={() => clear("name")}
        />
      </Field>
      <Field
        label="Phone"
        optional
        error={errors.phone}
        hint={
          errors.phone ? undefined : "With the country code, for text messages about your orders."
        }
      >
        <TextInput
          id="profile-phone"
          name="phone"
          type="tel"
          autoComplete="tel"
          placeholder="+351 912 345 678"
          defaultValue={me.phone ?? ""}
          onChange={() => clear("phone")}
        />
      </Field>
      <FormError>{formError}</FormError>
      <Button type="submit" variant="primary" loading={profile.isPending}>
        Save profile
      </Button>
    </form>
  );
}

type EmailField = "new_email" | "password";

/** The email, whether it is confirmed, and moving the account to another one (ADR 0041). */
function EmailForm({ me }: { me: Me }) {
  const change = useChangeEmail();
  const { errors, setErrors, clear, fromProblem } = useFieldErrors<EmailField>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <section aria-labelledby="email" className={`${card} space-y-4`}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="email" className="text-lg font-semibold">
          Email
        </h2>
        <Badge tone={me.email_verified ? "success" : "warning"}>
          {me.email_verified ? "Confirmed" : "Not confirmed"}
        </Badge>
      </div>
      <p className="text-sm break-all text-zinc-700 dark:text-zinc-300">{me.email}</p>
      {!me.email_verified && (
        <div className="space-y-2">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Open the link we emailed you to confirm it; you need a confirmed email to check out.
          </p>
          <SendLinkForm kind="verification" label="Send the link again" initialEmail={me.email} />
        </div>
      )}
      <form
        noValidate
        aria-label="Change email"
        className="space-y-4 border-t border-zinc-200 pt-4 dark:border-zinc-800"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const newEmail = String(data.get("new_email")).trim();
          const password = String(data.get("password"));
          setFormError(null);
          setSentTo(null);
          const missing: Partial<Record<EmailField, string>> = {};
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(newEmail))
            missing.new_email = "Enter a valid email address, like name@example.com.";
          if (!password) missing.password = "Enter your current password.";
          if (Object.keys(missing).length > 0) {
            setErrors(missing);
            document.getElementById(missing.new_email ? "new-email" : "email-password")?.focus();
            return;
          }
          change.mutate(
            { new_email: newEmail, password },
            {
              onSuccess: () => {
                form.reset();
                setSentTo(newEmail);
              },
              onError: (error) => {
                if (fromProblem(error, ["new_email", "password"])) {
                  const first = Object.keys(fieldErrors(error))[0];
                  document
                    .getElementById(first === "password" ? "email-password" : "new-email")
                    ?.focus();
                } else setFormError(problemMessage(error));
              },
            },
          );
        }}
      >
        <h3 className="font-medium">Change email</h3>
        <Field label="New email" error={errors.new_email}>
          <TextInput
            id="new-email"
            name="new_email"
            type="email"
            autoComplete="email"
            onChange={() => clear("new_email")}
          />
        </Field>
        <Field label="Current password" error={errors.password}>
          <TextInput
            id="email-password"
            name="password"
            type="password"
            autoComplete="current-password"
            onChange={() => clear("password")}
          />
        </Field>
        <FormError>{formError}</FormError>
        {sentTo && (
          <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
            We sent a link to {sentTo}. Your email changes when you open it.
          </p>
        )}
        <Button type="submit" loading={change.isPending}>
          Send confirmation link
        </Button>
      </form>
    </section>
  );
}

type PasswordField = "current_password" | "new_password";

/** Current and new password; the server checks both (ADR 0040). */
function PasswordForm() {
  const change = useChangePassword();
  const { errors, setErrors, clear, fromProblem } = useFieldErrors<PasswordField>();
  const [formError, setFormError] = useState<string | null>(null);
  return (
    <form
      noValidate
      aria-labelledby="password"
      className={`${card} space-y-4`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const current = String(data.get("current_password"));
        const next = String(data.get("new_password"));
        setFormError(null);
        const missing: Partial<Record<PasswordField, string>> = {};
        if (!current) missing.current_password = "Enter your current password.";
        if (next.length < 10) missing.new_password = "Use at least 10 characters.";
        if (Object.keys(missing).length > 0) {
          setErrors(missing);
          document
            .getElementById(missing.current_password ? "current-password" : "new-password")
            ?.focus();
          return;
        }
        change.mutate(
          { current_password: current, new_password: next },
          {
            onSuccess: () => form.reset(),
            onError: (error) => {
              if (fromProblem(error, ["current_password", "new_password"])) {
                const first = fieldIdOf(error);
                document.getElementById(first)?.focus();
              } else setFormError(problemMessage(error));
            },
          },
        );
      }}
    >
      <h2 id="password" className="text-lg font-semibold">
        Password
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Changing it signs you out on every other device.
      </p>
      <Field label="Current password" error={errors.current_password}>
        <TextInput
          id="current-password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          onChange={() => clear("current_password")}
        />
      </Field>
      <Field
        label="New password"
        error={errors.new_password}
        hint={
          errors.new_password
            ? undefined
            : "At least 10 characters; not a common password, and not your name or email."
        }
      >
        <TextInput
          id="new-password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          onChange={() => clear("new_password")}
        />
      </Field>
      <FormError>{formError}</FormError>
      <Button type="submit" variant="primary" loading={change.isPending}>
        Change password
      </Button>
    </form>
  );
}

/** The id of the first password field a problem names, for focus. */
function fieldIdOf(error: unknown): string {
  const fields = Object.keys(fieldErrors(error));
  return fields[0] === "new_password" ? "new-password" : "current-password";
}

function Preferences({ me }: { me: Me }) {
  const profile = useUpdateProfile();
  const labels = { email: "Email", sms: "Text messages (SMS)", in_app: "In the app" } as const;
  return (
    <fieldset className={`${card} space-y-3`}>
      <legend className="float-left mb-1 w-full text-lg font-semibold">Order updates</legend>
      <p className="clear-left text-sm text-zinc-600 dark:text-zinc-400">
        How we tell you about your orders. A change is saved as soon as you make it.
      </p>
      {(["email", "sms", "in_app"] as const).map((channel) => (
        <div key={channel}>
          <Checkbox
            label={labels[channel]}
            checked={me.preferences[channel]}
            onChange={(e) =>
              profile.mutate(
                { preferences: { [channel]: e.target.checked } },
                { onError: (error) => toast.error(problemMessage(error)) },
              )
            }
          />
        </div>
      ))}
    </fieldset>
  );
}

function Addresses({ me }: { me: Me }) {
  const countries = useCountries();
  const add = useAddAddress();
  const remove = useRemoveAddress();
  const makeDefault = useMakeDefaultAddress();
  const form = useAddressForm({ ...EMPTY_ADDRESS, country: "PT" }, countries.data);
  const [label, setLabel] = useState("");
  const [asDefault, setAsDefault] = useState(false);
  const [adding, setAdding] = useState(me.addresses.length === 0);
  const [removing, setRemoving] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const target = me.addresses.find((a) => a.id === removing);

  return (
    <section aria-labelledby="addresses" className={`${card} space-y-4`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="addresses" className="text-lg font-semibold">
          Saved addresses
        </h2>
        {!adding && (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add an address
          </Button>
        )}
      </div>
      {me.addresses.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No saved addresses yet. Save one to check out faster.
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" aria-label="Saved addresses">
          {me.addresses.map((a) => (
            <li
              key={a.id}
              className="flex flex-col justify-between gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-700"
            >
              <div>
                <p className="mb-1 flex items-center gap-2 text-sm font-semibold">
                  {a.label || "Address"}
                  {a.is_default && <Badge tone="info">Default</Badge>}
                </p>
                <AddressBlock address={a} />
              </div>
              <div className="flex flex-wrap gap-2">
                {!a.is_default && (
                  <Button size="sm" variant="ghost" onClick={() => makeDefault.mutate(a.id)}>
                    Make default<span className="sr-only">: {a.label || a.line1}</span>
                  </Button>
                )}
                <Button size="sm" variant="ghost" onClick={() => setRemoving(a.id)}>
                  Remove<span className="sr-only"> {a.label || a.line1}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {adding && (
        <form
          noValidate
          aria-labelledby="new-address"
          className="space-y-4 border-t border-zinc-200 pt-4 dark:border-zinc-800"
          onSubmit={(e) => {
            e.preventDefault();
            setFormError(null);
            const found = form.validate();
            const first = firstInvalid(found);
            if (first) {
              document.getElementById(addressFieldId("account", first))?.focus();
              return;
            }
            const d = form.draft;
            add.mutate(
              {
                recipient: d.recipient.trim(),
                line1: d.line1.trim(),
                line2: d.line2.trim() || undefined,
                city: d.city.trim(),
                region: d.region.trim() || undefined,
                postal_code: d.postal_code,
                country: d.country,
                label: label.trim() || undefined,
                is_default: asDefault || undefined,
              },
              {
                onSuccess: () => {
                  form.setDraft({ ...EMPTY_ADDRESS, country: d.country });
                  setLabel("");
                  setAsDefault(false);
                  setAdding(false);
                },
                onError: (error) => {
                  const onFields = serverAddressErrors(error);
                  const firstBad = firstInvalid(onFields);
                  if (firstBad) {
                    form.setErrors(onFields);
                    document.getElementById(addressFieldId("account", firstBad))?.focus();
                  } else setFormError(problemMessage(error));
                },
              },
            );
          }}
        >
          <h3 id="new-address" className="font-semibold">
            New address
          </h3>
          <Field label="Label" optional hint="Such as Home or Work.">
            <TextInput
              id="account-label"
              name="label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
          </Field>
          <AddressFields form={form} countries={countries.data} idPrefix="account" />
          <Checkbox
            label="Make this my default address"
            checked={asDefault}
            onChange={(e) => setAsDefault(e.target.checked)}
          />
          <FormError>{formError}</FormError>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="primary" loading={add.isPending}>
              Save address
            </Button>
            {me.addresses.length > 0 && <Button onClick={() => setAdding(false)}>Cancel</Button>}
          </div>
        </form>
      )}
      <ConfirmDialog
        open={Boolean(target)}
        title="Remove this address?"
        description={
          target
            ? `${target.recipient}, ${target.line1}, ${target.postal_code} ${target.city} is removed from your account. Orders already sent there are not changed.`
            : undefined
        }
        confirmLabel="Remove address"
        cancelLabel="Keep it"
        destructive
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing && remove.mutate(removing, { onSettled: () => setRemoving(null) })
        }
      />
    </section>
  );
}

/** The account: profile, how to hear about orders, saved addresses, sign out. */
export function AccountPage() {
  const session = useSession();
  const me = useMe();
  if (me.isPending) return <Loading label="Loading your account" />;
  if (me.error) {
    return (
      <>
        <PageHeader title="Your account" />
        <ErrorState error={me.error} retry={() => void me.refetch()} />
      </>
    );
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="Your account"
        actions={<Button onClick={() => void session.logout()}>Sign out</Button>}
      />
      <ProfileForm me={me.data} />
      <EmailForm me={me.data} />
      <Preferences me={me.data} />
      <Addresses me={me.data} />
      <PasswordForm />
      <TwoFactor className={card} />
      <Sessions className={card} />
    </div>
  );
}
