import { userLocale } from "../../../lib/format";

interface PostalAddress {
  recipient: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postal_code?: string;
  country: string;
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([userLocale()], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A shipping address as a label would print it, the country named in the shopper's language. */
export function AddressBlock({ address }: { address: PostalAddress }) {
  return (
    <address className="text-sm leading-6 not-italic" data-testid="shipping-address">
      <span className="font-medium">{address.recipient}</span>
      <br />
      {address.line1}
      {address.line2 && (
        <>
          <br />
          {address.line2}
        </>
      )}
      <br />
      {address.postal_code} {address.city}
      {address.region && (
        <>
          <br />
          {address.region}
        </>
      )}
      <br />
      {countryName(address.country)}
    </address>
  );
}
