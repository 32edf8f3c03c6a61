//! Free text from clients: the one rule for what a stored text field may
//! hold (ADR 32).
//!
//! Every service's parse step calls [`Text::parse`] (or [`check`] for text
//! that is neither trimmed nor bounded, such as attribute keys) with the
//! field's name, so the error names the field the way the service reports
//! every other one. What it does, in order:
//!
//! 1. counts the characters as sent (Unicode scalar values, as JSON Schema's
//!    `maxLength` counts them) against the field's maximum;
//! 2. trims surrounding white space (`str::trim`, as the services always
//!    have; [`Text::untrimmed`] keeps it), and refuses a required field left
//!    blank;
//! 3. in a multi-line field, turns each CR LF into LF;
//! 4. refuses the characters in [`refusal`]: every C0 and C1 control
//!    character and DEL (a multi-line field keeps `\n` and `\t`), the
//!    bidirectional formatting characters (U+061C, U+200E, U+200F,
//!    U+202A–U+202E, U+2066–U+2069), the line and paragraph separators
//!    (U+2028, U+2029) and the invisible formatting characters no script
//!    needs (U+180E, U+200B, U+2060–U+2064, U+206A–U+206F, U+FEFF,
//!    U+FFF9–U+FFFB);
//! 5. normalises to NFC, so one text has one stored form.
//!
//! The zero-width joiner and non-joiner (U+200D, U+200C), the soft hyphen,
//! variation selectors and tag characters stay: scripts such as Persian and
//! Devanagari, and emoji sequences, need them.

use crate::problem::FieldError;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Whether a field holds one line or many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Names, titles, tags, address lines: no line breaks, no tabs.
    One,
    /// Descriptions: `\n` and `\t` allowed, CR LF stored as LF.
    Many,
}

/// What a free-text field accepts: one line or many, whether it may be blank,
/// and its longest length in characters as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    lines: Lines,
    required: bool,
    trim: bool,
    max: usize,
}

impl Text {
    /// One line, not blank, at most `max` characters.
    pub const fn line(max: usize) -> Self {
        Self {
            lines: Lines::One,
            required: true,
            trim: true,
            max,
        }
    }

    /// Several lines, may be blank, at most `max` characters.
    pub const fn lines(max: usize) -> Self {
        Self {
            lines: Lines::Many,
            required: false,
            trim: true,
            max,
        }
    }

    /// The same rule, but blank is accepted (and parses to `""`).
    pub const fn optional(self) -> Self {
        Self {
            required: false,
            ..self
        }
    }

    /// The same rule, but surrounding white space is kept, for text whose
    /// leading spaces mean something (markdown's indented code).
    pub const fn untrimmed(self) -> Self {
        Self {
            trim: false,
            ..self
        }
    }

    /// The longest accepted length, in characters as sent.
    pub const fn max(self) -> usize {
        self.max
    }

    /// `sent` trimmed, checked and in NFC, or the first thing wrong with it,
    /// named `field`.
    pub fn parse(self, field: &str, sent: &str) -> Result<String, FieldError> {
        if sent.chars().count() > self.max {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", self.max),
            ));
        }
        if self.required && sent.trim().is_empty() {
            return Err(FieldError::new(field, "must not be blank"));
        }
        check(
            field,
            if self.trim { sent.trim() } else { sent },
            self.lines,
        )
    }

    /// Like [`Text::parse`] for a field that may be absent or blank: `None`
    /// when it is blank once trimmed.
    pub fn parse_optional(self, field: &str, sent: &str) -> Result<Option<String>, FieldError> {
        let text = self.optional().parse(field, sent)?;
        Ok((!text.is_empty()).then_some(text))
    }
}

/// `text` in NFC, or an error naming `field` for its first refused character
/// (see [`refusal`]). Neither trims nor bounds the length: for text kept as
/// sent, such as attribute keys and values.
pub fn check(field: &str, text: &str, lines: Lines) -> Result<String, FieldError> {
    let unified;
    let text = if lines == Lines::Many && text.contains("\r\n") {
        unified = text.replace("\r\n", "\n");
        unified.as_str()
    } else {
        text
    };
    if let Some((c, why)) = text
        .chars()
        .find_map(|c| refusal(c, lines).map(|why| (c, why)))
    {
        return Err(FieldError::new(
            field,
            format!("must not contain {why} (U+{:04X})", u32::from(c)),
        ));
    }
    Ok(nfc(text))
}

/// `text` in NFC, for comparing what a client sends (a search, a filter)
/// with the text stored by [`Text::parse`].
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// Why `c` may not be stored in a field of `lines`, or `None` when it may.
pub fn refusal(c: char, lines: Lines) -> Option<&'static str> {
    match c {
        '\n' if lines == Lines::One => Some("line breaks"),
        '\n' | '\t' if lines == Lines::Many => None,
        c if c.is_control() => Some("control characters"),
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some("bidirectional formatting characters"),
        '\u{2028}' | '\u{2029}' => Some("line or paragraph separators"),
        '\u{180E}'
        | '\u{200B}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}' => Some("invisible formatting characters"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str, rule: Text) -> String {
        rule.parse("f", text).unwrap_err().message
    }

    #[test]
    fn text_is_trimmed_and_stored_in_nfc() {
        let title = Text::line(10).parse("title", "  e\u{301}te ").unwrap();
        assert_eq!(title, "\u{e9}te");
        assert_eq!(title.chars().count(), 3);
        // Already composed text comes back as it was.
        assert_eq!(Text::line(10).parse("t", "Café").unwrap(), "Café");
        // Hangul jamo compose into one syllable.
        assert_eq!(
            Text::line(10).parse("t", "\u{1100}\u{1161}").unwrap(),
            "\u{AC00}"
        );
    }

    #[test]
    fn controls_and_bidi_overrides_are_refused_naming_the_field() {
        for bad in [
            "a\u{0}b",
            "a\u{202E}b",
            "a\u{85}b",
            "a\u{1B}[31m",
            "a\u{7F}",
            "\u{2066}x\u{2069}",
            "a\u{200F}",
            "a\u{61C}b",
            "zero\u{200B}width",
            "\u{FEFF}bom",
            "a\u{2028}b",
        ] {
            let e = Text::line(50).parse("recipient", bad).unwrap_err();
            assert_eq!(e.field, "recipient", "{bad:?}");
            let e = Text::lines(50).parse("description", bad).unwrap_err();
            assert_eq!(e.field, "description", "{bad:?}");
        }
        assert_eq!(
            refused("a\u{202E}b", Text::line(9)),
            "must not contain bidirectional formatting characters (U+202E)"
        );
        assert_eq!(
            refused("a\u{0}b", Text::line(9)),
            "must not contain control characters (U+0000)"
        );
        assert_eq!(
            refused("a\u{85}b", Text::lines(9)),
            "must not contain control characters (U+0085)"
        );
    }

    #[test]
    fn newlines_and_tabs_only_in_multi_line_fields() {
        assert_eq!(
            refused("one\ntwo", Text::line(20)),
            "must not contain line breaks (U+000A)"
        );
        assert_eq!(
            refused("one\ttwo", Text::line(20)),
            "must not contain control characters (U+0009)"
        );
        assert_eq!(
            Text::lines(20).parse("d", "one\n\ttwo").unwrap(),
            "one\n\ttwo"
        );
        // CR LF is stored as LF; a CR alone is a control character.
        assert_eq!(Text::lines(20).parse("d", "a\r\nb").unwrap(), "a\nb");
        assert!(Text::lines(20).parse("d", "a\rb").is_err());
        // Around the text, line breaks are trimmed like spaces.
        assert_eq!(Text::line(20).parse("t", "\n title \r\n").unwrap(), "title");
    }

    #[test]
    fn scripts_and_emoji_that_need_joiners_are_kept() {
        for good in [
            "\u{645}\u{6CC}\u{200C}\u{62E}\u{648}\u{627}\u{647}\u{645}",
            "\u{1F469}\u{200D}\u{1F4BB}",
            "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
            "\u{2764}\u{FE0F}",
            "Stra\u{DF}e",
            "\u{5E9}\u{5DC}\u{5D5}\u{5DD}",
        ] {
            assert_eq!(Text::line(40).parse("name", good).unwrap(), good);
        }
    }

    #[test]
    fn lengths_count_characters_as_sent_and_blank_is_refused_when_required() {
        assert!(Text::line(3).parse("t", "ééé").is_ok());
        // Four characters as sent, three once composed: counted as sent.
        assert_eq!(
            refused("e\u{301}ee", Text::line(3)),
            "must be at most 3 characters"
        );
        assert_eq!(
            refused(" ab ", Text::line(3)),
            "must be at most 3 characters"
        );
        assert_eq!(refused(" \t ", Text::line(3)), "must not be blank");
        assert_eq!(Text::line(3).optional().parse("t", "  ").unwrap(), "");
        assert_eq!(Text::lines(3).parse("t", "").unwrap(), "");
        assert_eq!(Text::line(9).parse_optional("t", "  ").unwrap(), None);
        assert_eq!(
            Text::lines(9).untrimmed().parse("d", "    code\n").unwrap(),
            "    code\n"
        );
        assert_eq!(
            refused("  ", Text::line(3).untrimmed()),
            "must not be blank"
        );
        assert_eq!(
            Text::line(9).parse_optional("t", " x ").unwrap(),
            Some("x".to_owned())
        );
    }

    #[test]
    fn check_keeps_the_text_as_sent_apart_from_nfc() {
        assert_eq!(check("k", " e\u{301} ", Lines::One).unwrap(), " \u{e9} ");
        assert_eq!(check("k", "a\u{0}", Lines::One).unwrap_err().field, "k");
    }
}
