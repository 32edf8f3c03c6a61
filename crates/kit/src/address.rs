//! Postal addresses: the one rule for a country and its postal code
//! (ADR 38), used by identity's saved addresses and orders' shipping address.
//!
//! - The country is an ISO 3166-1 alpha-2 code (the list comes from the
//!   `isocountry` crate), in any case and stored upper-case.
//! - The postal code is checked against the country's format, taken from the
//!   patterns Google's address data (libaddressinput, CLDR's source for
//!   addresses) gives, for the EU and the other countries the shop ships to
//!   most; a country listed without postal codes accepts an empty one; any
//!   other country gets a sanity check (2 to 10 letters, digits, spaces or
//!   hyphens, at least one digit or letter).
//! - A postal code is stored upper-case with single spaces, as carriers print
//!   it.
//!
//! [`countries`] is the list the web app's picker shows (served by orders at
//! `GET /api/orders/countries`): code, English name and the postal-code
//! pattern and example where there is one. The patterns are written in the
//! syntax common to Rust's `regex` and JavaScript, so the form can check what
//! the server checks.

use crate::problem::FieldError;
use isocountry::CountryCode;
use regex_lite::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;
use utoipa::ToSchema;

/// Postal-code formats: country, pattern (matched whole), an example.
const FORMATS: &[(&str, &str, &str)] = &[
    // The European Union.
    ("AT", r"\d{4}", "1010"),
    ("BE", r"\d{4}", "4000"),
    ("BG", r"\d{4}", "1000"),
    ("CY", r"\d{4}", "2008"),
    ("CZ", r"\d{3} ?\d{2}", "100 00"),
    ("DE", r"\d{5}", "26133"),
    ("DK", r"\d{4}", "8660"),
    ("EE", r"\d{5}", "69501"),
    ("ES", r"\d{5}", "28039"),
    ("FI", r"\d{5}", "00550"),
    ("FR", r"\d{2} ?\d{3}", "33380"),
    ("GR", r"\d{3} ?\d{2}", "151 24"),
    ("HR", r"\d{5}", "10000"),
    ("HU", r"\d{4}", "1037"),
    ("IE", r"[\dA-Z]{3}( ?[\dA-Z]{4})?", "A65 F4E2"),
    ("IT", r"\d{5}", "00144"),
    ("LT", r"(LT-)?\d{5}", "04340"),
    ("LU", r"(L-)?\d{4}", "4750"),
    ("LV", r"(LV-)?\d{4}", "LV-1073"),
    ("MT", r"[A-Z]{3} ?\d{2,4}", "NXR 01"),
    ("NL", r"\d{4} ?[A-Z]{2}", "1234 AB"),
    ("PL", r"\d{2}-\d{3}", "00-950"),
    ("PT", r"\d{4}-\d{3}", "2725-079"),
    ("RO", r"\d{6}", "060274"),
    ("SE", r"\d{3} ?\d{2}", "114 55"),
    ("SI", r"(SI-)?\d{4}", "4000"),
    ("SK", r"\d{3} ?\d{2}", "010 01"),
    // Elsewhere in Europe.
    ("CH", r"\d{4}", "2544"),
    (
        "GB",
        r"GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
        "EC1Y 8SY",
    ),
    ("IS", r"\d{3}", "101"),
    ("LI", r"948[5-9]|949[0-8]", "9496"),
    ("MC", r"980\d{2}", "98000"),
    ("NO", r"\d{4}", "0025"),
    ("RS", r"\d{5,6}", "11000"),
    ("TR", r"\d{5}", "01960"),
    ("UA", r"\d{5}", "15432"),
    // The Americas.
    ("AR", r"([A-HJ-NP-Z])?\d{4}([A-Z]{3})?", "C1070AAM"),
    ("BR", r"\d{5}-?\d{3}", "40301-110"),
    (
        "CA",
        r"[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d",
        "H3Z 2Y7",
    ),
    ("CL", r"\d{7}", "8340457"),
    ("MX", r"\d{5}", "02860"),
    ("US", r"\d{5}([ -]\d{4})?", "95014"),
    // Asia and Oceania.
    ("AU", r"\d{4}", "2060"),
    ("CN", r"\d{6}", "266033"),
    ("IL", r"\d{5}(\d{2})?", "9614303"),
    ("IN", r"\d{3} ?\d{3}", "110034"),
    ("JP", r"\d{3}-?\d{4}", "154-0023"),
    ("KR", r"\d{5}", "03051"),
    ("NZ", r"\d{4}", "6001"),
    ("SG", r"\d{6}", "238880"),
    // Africa.
    ("ZA", r"\d{4}", "0083"),
];

/// Countries whose addresses carry no postal code (libaddressinput lists no
/// postal-code field for them): an empty one is accepted.
const WITHOUT_POSTAL_CODES: &[&str] = &[
    "AE", "AG", "AO", "AQ", "AW", "BF", "BI", "BJ", "BO", "BQ", "BS", "BW", "BZ", "CD", "CF", "CG",
    "CI", "CK", "CM", "CW", "DJ", "DM", "ER", "FJ", "GA", "GD", "GH", "GM", "GQ", "GY", "HK", "KI",
    "KM", "KN", "KP", "LY", "ML", "MO", "MR", "MW", "NR", "NU", "QA", "RW", "SB", "SC", "SL", "SR",
    "SS", "ST", "SX", "SY", "TD", "TF", "TG", "TK", "TL", "TO", "TV", "UG", "VU", "YE", "ZW",
];

/// Shorter English names than ISO's for the countries shoppers pick most.
const SHORT_NAMES: &[(&str, &str)] = &[("GB", "United Kingdom"), ("US", "United States")];

/// Longest postal code a country without a known format may have.
const SANE_MAX: usize = 10;

/// One country as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, such as `PT`.
    #[schema(example = "PT", pattern = "^[A-Z]{2}$")]
    pub code: &'static str,
    /// English short name, such as `Portugal` (a client may show its own
    /// locale's name for the code instead).
    #[schema(example = "Portugal")]
    pub name: &'static str,
    /// Whether an address in this country needs a postal code.
    pub postal_code_required: bool,
    /// The postal-code format, where the shop knows it; without one, any 2
    /// to 10 letters, digits, spaces or hyphens are accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<PostalCodeFormat>,
}

/// A country's postal-code format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PostalCodeFormat {
    /// A regular expression (anchored, in the syntax JavaScript and Rust
    /// share) that an upper-cased postal code with single spaces matches.
    #[schema(example = r"^(?:\d{4}-\d{3})$")]
    pub pattern: String,
    /// A postal code of this format, such as `2725-079`.
    #[schema(example = "2725-079")]
    pub example: &'static str,
}

/// What the shop knows about a country's postal codes.
enum Postal {
    Format(&'static str, &'static str),
    None,
    Unknown,
}

fn postal(code: &str) -> Postal {
    if let Some((_, pattern, example)) = FORMATS.iter().find(|(c, ..)| *c == code) {
        Postal::Format(pattern, example)
    } else if WITHOUT_POSTAL_CODES.contains(&code) {
        Postal::None
    } else {
        Postal::Unknown
    }
}

fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// The compiled formats, once.
static COMPILED: LazyLock<HashMap<&'static str, Regex>> = LazyLock::new(|| {
    FORMATS
        .iter()
        .filter_map(|(code, pattern, _)| Some((*code, Regex::new(&anchored(pattern)).ok()?)))
        .collect()
});

/// Every country, sorted by English name.
static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    let mut all: Vec<Country> = CountryCode::iter()
        .map(|c| {
            let code = c.alpha2();
            let name = SHORT_NAMES
                .iter()
                .find(|(short, _)| *short == code)
                .map_or(c.name(), |(_, name)| name);
            let (postal_code_required, postal_code) = match postal(code) {
                Postal::Format(pattern, example) => (
                    true,
                    Some(PostalCodeFormat {
                        pattern: anchored(pattern),
                        example,
                    }),
                ),
                Postal::None => (false, None),
                Postal::Unknown => (true, None),
            };
            Country {
                code,
                name,
                postal_code_required,
                postal_code,
            }
        })
        .collect();
    all.sort_by(|a, b| a.name.cmp(b.name));
    all
});

/// Every ISO 3166-1 country, sorted by English name, with its postal-code
/// format where known.
pub fn countries() -> &'static [Country] {
    &COUNTRIES
}

/// The country with alpha-2 code `code` (any case, surrounding white space
/// ignored).
pub fn country(code: &str) -> Option<&'static Country> {
    let code = code.trim().to_ascii_uppercase();
    COUNTRIES.iter().find(|c| c.code == code)
}

/// `prefix.name`, or `name` without a prefix.
fn field(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// A postal code as carriers print it: upper-case, runs of white space as
/// one space, trimmed.
pub fn normalise_postal_code(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// A country and postal code that passed [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The alpha-2 code, upper-case.
    pub country: &'static str,
    /// The postal code normalised ([`normalise_postal_code`]); empty only
    /// for a country without postal codes.
    pub postal_code: String,
}

/// Checks a country code and a postal code (already through the kit's text
/// rule) together; errors name `prefix.country` and `prefix.postal_code`
/// (or the bare names with an empty prefix).
pub fn check(prefix: &str, country: &str, postal_code: &str) -> Result<Checked, Vec<FieldError>> {
    let postal_code = normalise_postal_code(postal_code);
    let Some(found) = self::country(country) else {
        let mut errors = vec![FieldError::new(
            field(prefix, "country"),
            "must be an ISO 3166-1 alpha-2 country code, such as PT",
        )];
        // Whether it needs one depends on the country, so only its form is judged.
        if !postal_code.is_empty() && !sane(&postal_code) {
            errors.push(FieldError::new(
                field(prefix, "postal_code"),
                "must be 2 to 10 letters, digits, spaces or hyphens",
            ));
        }
        return Err(errors);
    };
    let problem = match postal(found.code) {
        Postal::None if postal_code.is_empty() => None,
        _ if postal_code.is_empty() => Some(format!("is required for {}", found.name)),
        Postal::Format(_, example) => {
            let matches = COMPILED
                .get(found.code)
                .is_some_and(|re| re.is_match(&postal_code));
            (!matches).then(|| {
                format!(
                    "is not a postal code of {}; it looks like {example}",
                    found.name
                )
            })
        }
        Postal::None | Postal::Unknown => (!sane(&postal_code))
            .then(|| "must be 2 to 10 letters, digits, spaces or hyphens".to_owned()),
    };
    match problem {
        Some(message) => Err(vec![FieldError::new(field(prefix, "postal_code"), message)]),
        None => Ok(Checked {
            country: found.code,
            postal_code,
        }),
    }
}

/// The check for a postal code of a country without a known format.
fn sane(code: &str) -> bool {
    (2..=SANE_MAX).contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        && code.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(country: &str, postal: &str) -> Checked {
        check("a", country, postal).unwrap_or_else(|e| panic!("{country} {postal}: {e:?}"))
    }

    fn fields(country: &str, postal: &str) -> Vec<String> {
        check("shipping_address", country, postal)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn every_format_compiles_and_accepts_its_example() {
        assert_eq!(COMPILED.len(), FORMATS.len());
        for (code, _, example) in FORMATS {
            assert!(country(code).is_some(), "{code} is an ISO country");
            ok(code, example);
        }
        for code in WITHOUT_POSTAL_CODES {
            assert!(country(code).is_some(), "{code} is an ISO country");
            assert!(!FORMATS.iter().any(|(c, ..)| c == code), "{code} twice");
        }
    }

    #[test]
    fn the_common_formats_hold() {
        assert_eq!(ok("pt", "1100-048").country, "PT");
        assert_eq!(ok("GB", "  sw1a   1aa ").postal_code, "SW1A 1AA");
        assert_eq!(ok("nl", "1234ab").postal_code, "1234AB");
        ok("US", "95014-1234");
        ok("CA", "k1a 0b1");
        ok("BR", "01310100");
        ok("JP", "1000001");
        ok("DE", "10115");
        for (country, postal) in [
            ("PT", "1100"),
            ("PT", "!!"),
            ("DE", "1011"),
            ("US", "ABCDE"),
            ("CA", "D1A 0B1"),
            ("GB", "12345"),
            ("NL", "1234"),
            ("PL", "00950"),
        ] {
            assert_eq!(
                fields(country, postal),
                ["shipping_address.postal_code"],
                "{country} {postal}"
            );
        }
    }

    #[test]
    fn unknown_countries_and_missing_codes_are_named() {
        assert_eq!(fields("ZZ", "1000"), ["shipping_address.country"]);
        assert_eq!(
            fields("ZZ", "!!"),
            ["shipping_address.country", "shipping_address.postal_code"]
        );
        assert_eq!(fields("Portugal", "1000-001"), ["shipping_address.country"]);
        assert_eq!(fields("PT", ""), ["shipping_address.postal_code"]);
        let e = check("", "zz", "1").unwrap_err();
        assert_eq!(e[0].field, "country");
    }

    #[test]
    fn countries_without_postal_codes_accept_none() {
        assert_eq!(ok("AE", "").postal_code, "");
        assert!(!country("AE").unwrap().postal_code_required);
        // Unknown formats: sanity only.
        ok("EG", "11511");
        assert_eq!(fields("EG", "!!"), ["shipping_address.postal_code"]);
        assert_eq!(
            fields("EG", "12345678901"),
            ["shipping_address.postal_code"]
        );
    }

    #[test]
    fn the_list_is_sorted_and_complete() {
        let all = countries();
        assert!(all.len() >= 249);
        assert!(all.windows(2).all(|w| w[0].name <= w[1].name));
        let pt = country("PT").unwrap();
        assert_eq!(pt.name, "Portugal");
        let format = pt.postal_code.as_ref().unwrap();
        assert_eq!(
            (format.pattern.as_str(), format.example),
            (r"^(?:\d{4}-\d{3})$", "2725-079")
        );
        assert_eq!(country("gb").unwrap().name, "United Kingdom");
        assert!(country("ZZ").is_none());
    }
}
