import { useSession } from "../../../auth/useSession";
import { ApiError } from "../../../lib/problem";
import { ErrorState, Field, Loading } from "../../../ui/states";
import { useAddAddress, useMe, useRemoveAddress, useUpdateProfile } from "../api";

export function AccountPage() {
  const session = useSession();
  const me = useMe();
  const profile = useUpdateProfile();
  const addAddress = useAddAddress();
  const removeAddress = useRemoveAddress();

  if (me.isPending) return <Loading label="Loading account" />;
  if (me.error) return <ErrorState error={me.error} retry={() => void me.refetch()} />;
  const m = me.data;
  const profileErrors = profile.error instanceof ApiError ? profile.error.fieldErrors() : {};
  const addressErrors = addAddress.error instanceof ApiError ? addAddress.error.fieldErrors() : {};
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Account</h1>
        <button type="button" className="btn-secondary" onClick={() => void session.logout()}>
          Sign out
        </button>
      </div>
      <form
        className="card space-y-3 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const phone = String(form.get("phone")).trim();
          profile.mutate({ name: String(form.get("name")), phone: phone || null });
        }}
      >
        <h2 className="font-medium">Profile</h2>
        <p className="text-sm">{m.email}</p>
        <Field label="Name" name="name" defaultValue={m.name} error={profileErrors.name} />
        <Field
          label="Phone (+351…)"
          name="phone"
          type="tel"
          defaultValue={m.phone ?? ""}
          error={profileErrors.phone}
        />
        <button type="submit" className="btn-primary">
          Save profile
        </button>
      </form>
      <fieldset className="card space-y-2 p-4">
        <legend className="px-1 font-medium">Notifications</legend>
        {(["email", "sms", "in_app"] as const).map((channel) => (
          <label key={channel} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={m.preferences[channel]}
              onChange={(e) => profile.mutate({ preferences: { [channel]: e.target.checked } })}
            />
            {channel === "in_app" ? "In the app" : channel === "sms" ? "SMS" : "Email"}
          </label>
        ))}
      </fieldset>
      <section className="card space-y-3 p-4" aria-labelledby="addresses">
        <h2 id="addresses" className="font-medium">
          Addresses
        </h2>
        <ul className="space-y-2">
          {m.addresses.map((a) => (
            <li key={a.id} className="flex items-center justify-between gap-2 text-sm">
              <span>
                {a.recipient}, {a.line1}, {a.postal_code} {a.city}, {a.country}
                {a.is_default && " (default)"}
              </span>
              <button
                type="button"
                className="btn-secondary"
                onClick={() => removeAddress.mutate(a.id)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <form
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            addAddress.mutate(
              Object.fromEntries(
                ["recipient", "line1", "city", "postal_code", "country"].map((k) => [
                  k,
                  String(form.get(k)),
                ]),
              ),
              { onSuccess: () => (e.target as HTMLFormElement).reset() },
            );
          }}
        >
          <Field label="Recipient" name="recipient" required error={addressErrors.recipient} />
          <Field label="Address" name="line1" required error={addressErrors.line1} />
          <Field label="City" name="city" required error={addressErrors.city} />
          <Field
            label="Postal code"
            name="postal_code"
            required
            error={addressErrors.postal_code}
          />
          <Field
            label="Country (2 letters)"
            name="country"
            required
            maxLength={2}
            error={addressErrors.country}
          />
          <div className="flex items-end">
            <button type="submit" className="btn-secondary">
              Add address
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
