import { useMemo } from "react";
import { Field, Select, TextInput } from "../../../ui/Field";
import { sortCountries, type AddressField, type Country } from "../address";
import { addressFieldId, type AddressForm } from "../addressForm";

/**
 * The fields of a postal address, one column on a phone: the country first
 * (a picker of ISO 3166 countries from the server, named in the shopper's
 * language), so the postal code's hint and check follow it.
 */
export function AddressFields({
  form,
  countries,
  idPrefix,
}: {
  form: AddressForm;
  countries: readonly Country[] | undefined;
  idPrefix: string;
}) {
  const { draft, errors, set, blur } = form;
  const options = useMemo(() => (countries ? sortCountries(countries) : []), [countries]);
  const country = countries?.find((c) => c.code === draft.country);
  const example = country?.postal_code?.example;
  const input = (field: AddressField) => ({
    id: addressFieldId(idPrefix, field),
    name: field,
    value: draft[field],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(field, e.target.value),
    onBlur: () => blur(field),
  });

  return (
    <div className="grid gap-4 sm:grid-cols-6">
      <Field label="Full name" error={errors.recipient} className="sm:col-span-6">
        <TextInput {...input("recipient")} autoComplete="name" required />
      </Field>
      <Field label="Country" error={errors.country} className="sm:col-span-6">
        <Select
          id={addressFieldId(idPrefix, "country")}
          name="country"
          autoComplete="country"
          required
          value={draft.country}
          disabled={!countries}
          onChange={(e) => set("country", e.target.value)}
        >
          {!countries && <option value={draft.country}>Loading countries…</option>}
          {countries && !draft.country && <option value="">Choose a country</option>}
          {options.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Address" error={errors.line1} className="sm:col-span-6">
        <TextInput
          {...input("line1")}
          autoComplete="address-line1"
          placeholder="Street and number"
          required
        />
      </Field>
      <Field label="Apartment, floor, etc." optional error={errors.line2} className="sm:col-span-6">
        <TextInput {...input("line2")} autoComplete="address-line2" />
      </Field>
      <Field
        label="Postal code"
        error={errors.postal_code}
        hint={!errors.postal_code && example ? `For example ${example}` : undefined}
        optional={country ? !country.postal_code_required : false}
        className="sm:col-span-2"
      >
        <TextInput
          {...input("postal_code")}
          autoComplete="postal-code"
          autoCapitalize="characters"
          required={country?.postal_code_required ?? true}
        />
      </Field>
      <Field label="City" error={errors.city} className="sm:col-span-4">
        <TextInput {...input("city")} autoComplete="address-level2" required />
      </Field>
      <Field label="Region" optional error={errors.region} className="sm:col-span-6">
        <TextInput {...input("region")} autoComplete="address-level1" />
      </Field>
    </div>
  );
}
