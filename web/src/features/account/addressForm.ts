import { useCallback, useState } from "react";
import { fieldErrors } from "../../lib/problem";
import {
  addressProblems,
  postalCodeProblem,
  type AddressDraft,
  type AddressField,
  type Country,
} from "./address";

export type AddressErrors = Partial<Record<AddressField, string>>;

const FIELDS: AddressField[] = [
  "recipient",
  "country",
  "line1",
  "line2",
  "postal_code",
  "city",
  "region",
];

/** The id of an address field's control, so a form can move focus to the first error. */
export const addressFieldId = (prefix: string, field: AddressField) => `${prefix}-${field}`;

/** The first field with an error, in the order the form shows them. */
export function firstInvalid(errors: AddressErrors): AddressField | undefined {
  return FIELDS.find((f) => errors[f]);
}

/**
 * A server's field errors for an address, whether it names them bare
 * (`postal_code`, identity's saved addresses) or under a prefix
 * (`shipping_address.postal_code`, checkout), as sentences.
 */
export function serverAddressErrors(error: unknown, prefix = ""): AddressErrors {
  const out: AddressErrors = {};
  for (const [path, sentence] of Object.entries(fieldErrors(error))) {
    const name = prefix && path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    if ((FIELDS as string[]).includes(name)) out[name as AddressField] = sentence;
  }
  return out;
}

/**
 * An address form's state: the draft, the errors on its fields (from the
 * form's own checks or the server), each cleared as soon as its field is
 * edited; the postal code is checked against the country when the shopper
 * leaves it and again when the country changes.
 */
export function useAddressForm(initial: AddressDraft, countries: readonly Country[] | undefined) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<AddressErrors>({});

  const set = useCallback(
    (field: AddressField, value: string) => {
      const next = { ...draft, [field]: value };
      setDraft(next);
      setErrors((e) => {
        const rest = { ...e };
        delete rest[field];
        // A new country judges the postal code already typed again.
        if (field === "country" && next.postal_code.trim()) {
          const country = countries?.find((c) => c.code === value);
          const problem = country ? postalCodeProblem(country, next.postal_code) : null;
          if (problem) rest.postal_code = problem;
          else delete rest.postal_code;
        }
        return rest;
      });
    },
    [countries, draft],
  );

  const blur = useCallback(
    (field: AddressField) => {
      if (field !== "postal_code" || !draft.postal_code.trim()) return;
      const country = countries?.find((c) => c.code === draft.country);
      if (!country) return;
      const problem = postalCodeProblem(country, draft.postal_code);
      if (problem) setErrors((e) => ({ ...e, postal_code: problem }));
    },
    [countries, draft],
  );

  /** Checks everything before sending; returns the errors (empty when it may be sent). */
  const validate = useCallback((): AddressErrors => {
    const found = addressProblems(draft, countries);
    setErrors(found);
    return found;
  }, [countries, draft]);

  return { draft, setDraft, errors, setErrors, set, blur, validate };
}

export type AddressForm = ReturnType<typeof useAddressForm>;
