//! Two-factor sign-in (ADR 0042): time-based one-time codes (RFC 6238:
//! HMAC-SHA1, six digits, 30-second steps, as every authenticator app
//! expects), ten single-use recovery codes kept only as hashes, and the
//! short-lived challenge a login answers with when the password was right
//! but a code is still owed (kept as a link of purpose `SignIn`).
//!
//! Time is passed in, never read here, so tests move it at will.

use super::tokens::TokenHash;
use super::user::UserId;
use kit::Timestamp;
use ring::rand::{SecureRandom, SystemRandom};
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP_SECS: u64 = 30;
/// Digits per code.
pub const DIGITS: usize = 6;
/// Steps either side of now that still count, for clocks that drift and
/// codes typed as they roll over (RFC 6238 §5.2 suggests one).
pub const SKEW_STEPS: u64 = 1;
/// Bytes of key: 160 bits, RFC 4226's recommended length for HMAC-SHA1.
pub const KEY_BYTES: usize = 20;
/// Recovery codes handed out at once.
pub const RECOVERY_CODES: usize = 10;

/// Base32 without padding (RFC 4648), the alphabet of otpauth secrets and of
/// recovery codes.
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A TOTP key: the shared secret between the account and the authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpKey(Vec<u8>);

impl std::fmt::Debug for TotpKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpKey(..)")
    }
}

impl TotpKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; KEY_BYTES];
        SystemRandom::new()
            .fill(&mut bytes)
            .expect("the system random source works");
        Self(bytes)
    }

    /// The key as an authenticator app takes it typed in: base32, no padding.
    pub fn base32(&self) -> String {
        base32(&self.0)
    }

    /// The key from its base32 form (as stored).
    pub fn from_base32(text: &str) -> Option<Self> {
        let mut bits = 0u32;
        let mut count = 0u32;
        let mut bytes = Vec::with_capacity(text.len() * 5 / 8);
        for c in text.bytes() {
            let value = BASE32.iter().position(|&b| b == c)? as u32;
            bits = (bits << 5) | value;
            count += 5;
            if count >= 8 {
                count -= 8;
                bytes.push((bits >> count) as u8);
                bits &= (1 << count) - 1;
            }
        }
        (bytes.len() >= 16).then_some(Self(bytes))
    }

    fn totp(&self, issuer: &str, account: &str) -> TOTP {
        // The otpauth label cannot hold `:` (it separates issuer and account).
        TOTP::new_unchecked(
            Algorithm::SHA1,
            DIGITS,
            SKEW_STEPS as u8,
            STEP_SECS,
            self.0.clone(),
            Some(issuer.replace(':', " ")),
            account.replace(':', " "),
        )
    }

    /// The `otpauth://totp/...` URI that the enrolment QR code holds.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        self.totp(issuer, account).get_url()
    }

    /// The code for the step that `unix_secs` falls in.
    pub fn code_at(&self, unix_secs: u64) -> String {
        self.totp("", "").generate(unix_secs)
    }

    /// The step a code belongs to, if it is the code of a step within
    /// [`SKEW_STEPS`] of `unix_secs` and later than `after` (the last step
    /// accepted: a code works once, RFC 6238 §5.2). Compared in constant time.
    pub fn accepts(&self, code: &str, unix_secs: u64, after: Option<u64>) -> Option<u64> {
        let code = normalise_code(code);
        if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // One step at a time (no skew here), so the matching step is known;
        // `check` compares in constant time.
        let mut totp = self.totp("", "");
        totp.skew = 0;
        let now = unix_secs / STEP_SECS;
        let mut matched = None;
        for step in now.saturating_sub(SKEW_STEPS)..=now + SKEW_STEPS {
            if totp.check(&code, step * STEP_SECS) && after.is_none_or(|last| step > last) {
                matched = Some(step);
            }
        }
        matched
    }
}

/// What an account's two-factor set-up looks like in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoFactorRecord {
    pub user_id: UserId,
    pub key: TotpKey,
    /// When enrolment began (the key was shown).
    pub created_at: Timestamp,
    /// When a code confirmed it; until then login does not ask for codes.
    pub enabled_at: Option<Timestamp>,
    /// The last step whose code was accepted: no code works twice.
    pub last_step: Option<u64>,
}

/// Ten new recovery codes: what the user is shown once, and the hashes
/// the store keeps.
pub fn recovery_codes() -> (Vec<String>, Vec<TokenHash>) {
    let random = SystemRandom::new();
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            // 50 bits each, as `xxxxx-xxxxx` in lower-case base32.
            let mut bytes = [0u8; 10];
            random
                .fill(&mut bytes)
                .expect("the system random source works");
            let text: String = bytes
                .iter()
                .map(|b| char::from(BASE32[usize::from(b % 32)]).to_ascii_lowercase())
                .collect();
            format!("{}-{}", &text[..5], &text[5..])
        })
        .collect();
    let hashes = codes.iter().map(|c| recovery_hash(c)).collect();
    (codes, hashes)
}

/// The stored form of a recovery code as typed: case, spaces and dashes
/// do not matter.
pub fn recovery_hash(code: &str) -> TokenHash {
    let canonical: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    TokenHash::of(&canonical)
}

/// Whether `code` is shaped like a recovery code (ten characters) rather
/// than an app's code (six digits).
pub fn is_recovery_code(code: &str) -> bool {
    normalise_code(code).chars().count() != DIGITS
}

/// A code as typed, without the spaces and dashes apps show for legibility.
fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut bits = 0u32;
    let mut count = 0u32;
    for &byte in bytes {
        bits = (bits << 8) | u32::from(byte);
        count += 8;
        while count >= 5 {
            count -= 5;
            out.push(char::from(BASE32[((bits >> count) & 31) as usize]));
        }
        bits &= (1 << count) - 1;
    }
    if count > 0 {
        out.push(char::from(BASE32[((bits << (5 - count)) & 31) as usize]));
    }
    out
}

/// The QR code of `text` as an SVG document, dark modules on white with the
/// quiet zone scanners need.
pub fn qr_svg(text: &str) -> String {
    use qrcode::render::svg;
    qrcode::QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to six digits.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let key = TotpKey(b"12345678901234567890".to_vec());
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(key.code_at(time), code, "at {time}");
        }
    }

    #[test]
    fn a_code_counts_one_step_either_side_and_only_once() {
        let key = TotpKey::generate();
        let now = 1_800_000_000;
        let step = now / STEP_SECS;
        let code = key.code_at(now);
        assert_eq!(key.accepts(&code, now, None), Some(step));
        assert_eq!(key.accepts(&code, now + STEP_SECS, None), Some(step));
        assert_eq!(key.accepts(&code, now - STEP_SECS, None), Some(step));
        assert_eq!(key.accepts(&code, now + 2 * STEP_SECS, None), None);
        assert_eq!(key.accepts(&code, now - 2 * STEP_SECS, None), None);
        assert_eq!(key.accepts(&code, now, Some(step)), None, "replayed");
        assert_eq!(key.accepts(&code, now, Some(step - 1)), Some(step));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(key.accepts(&spaced, now, None), Some(step));
        assert_eq!(key.accepts("12345", now, None), None);
        assert_eq!(key.accepts("abcdef", now, None), None);
    }

    #[test]
    fn keys_round_trip_base32_and_make_an_otpauth_uri() {
        let key = TotpKey::generate();
        let text = key.base32();
        assert_eq!(text.len(), 32);
        assert_eq!(TotpKey::from_base32(&text), Some(key.clone()));
        assert_eq!(TotpKey::from_base32("not base32!"), None);
        let uri = key.otpauth_uri("Feira", "ana@example.com");
        assert!(
            uri.starts_with("otpauth://totp/Feira:ana%40example.com?secret="),
            "{uri}"
        );
        assert!(uri.contains(&text));
        assert!(qr_svg(&uri).starts_with("<?xml"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_hashed_whatever_the_typing() {
        let (codes, hashes) = recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        assert_eq!(
            recovery_hash(&code.to_uppercase().replace('-', " ")),
            hashes[0]
        );
        assert!(is_recovery_code(code));
        assert!(!is_recovery_code("123 456"));
    }
}
