//! Search that forgives typos: a dictionary of the words in the catalog and,
//! for a search word it does not hold, the closest word by edit distance
//! (Damerau–Levenshtein, so a swapped pair of letters counts once). Both
//! stores share it, so they correct the same way (ADR 37).

use std::collections::BTreeMap;

/// Shortest word worth correcting: shorter ones have too many neighbours.
pub const MIN_CORRECTABLE: usize = 4;

/// The words of the catalog's product names, tags, brands and categories,
/// each with how many times it occurs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermDictionary {
    words: BTreeMap<String, u32>,
}

/// The words of `text`: lower-case runs of letters and digits, in NFC.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| kit::text::nfc(&w.to_lowercase()))
}

impl TermDictionary {
    /// The dictionary of `texts`.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words_seen = BTreeMap::new();
        for text in texts {
            for word in words(text) {
                *words_seen.entry(word).or_insert(0) += 1;
            }
        }
        Self { words: words_seen }
    }

    /// How many distinct words it holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether it holds no word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `term` is part of some word, as a search finds it.
    fn finds(&self, term: &str) -> bool {
        self.words.contains_key(term) || self.words.keys().any(|w| w.contains(term))
    }

    /// The word `term` was probably meant to be, if `term` is found in no
    /// word: the closest within one edit for words of 4 or 5 characters, two
    /// for longer ones; ties go to the word sharing the first letter, then to
    /// the more frequent, then to the first alphabetically.
    pub fn correct(&self, term: &str) -> Option<&str> {
        let length = term.chars().count();
        if length < MIN_CORRECTABLE || self.finds(term) {
            return None;
        }
        let limit = if length <= 5 { 1 } else { 2 };
        let first = term.chars().next();
        self.words
            .iter()
            .filter(|(w, _)| w.chars().count().abs_diff(length) <= limit)
            .filter_map(|(w, n)| {
                let distance = strsim::damerau_levenshtein(term, w);
                (distance <= limit).then_some((
                    distance,
                    w.chars().next() != first,
                    u32::MAX - n,
                    w,
                ))
            })
            .min()
            .map(|(_, _, _, w)| w.as_str())
    }

    /// `terms` with each correctable one corrected, if any was.
    pub fn suggest(&self, terms: &[String]) -> Option<Vec<String>> {
        let mut changed = false;
        let corrected = terms
            .iter()
            .map(|t| match self.correct(t) {
                Some(w) => {
                    changed = true;
                    w.to_owned()
                }
                None => t.clone(),
            })
            .collect();
        changed.then_some(corrected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> TermDictionary {
        TermDictionary::from_texts([
            "Mechanical Keyboard",
            "Wireless Headphones",
            "computer",
            "Merino Wool Sweater",
            "Wool Scarf",
            "Bluetooth Speaker",
        ])
    }

    #[test]
    fn corrects_a_dropped_letter_a_swap_and_a_wrong_letter() {
        let d = dictionary();
        assert_eq!(d.correct("keybord"), Some("keyboard"));
        assert_eq!(d.correct("haedphones"), Some("headphones"));
        assert_eq!(d.correct("speeker"), Some("speaker"));
        assert_eq!(d.correct("sweeter"), Some("sweater"));
    }

    #[test]
    fn leaves_found_short_and_far_words_alone() {
        let d = dictionary();
        assert_eq!(d.correct("keyboard"), None);
        assert_eq!(d.correct("board"), None, "part of a word is found");
        assert_eq!(d.correct("wol"), None, "too short to guess");
        assert_eq!(d.correct("xylophone"), None);
    }

    #[test]
    fn suggests_only_when_a_term_changed() {
        let d = dictionary();
        let terms = |s: &[&str]| s.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            d.suggest(&terms(&["wool", "scraf"])),
            Some(terms(&["wool", "scarf"]))
        );
        assert_eq!(d.suggest(&terms(&["wool", "scarf"])), None);
    }
}
