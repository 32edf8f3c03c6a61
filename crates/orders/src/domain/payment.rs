//! The test payment provider's cards, like the well-known test numbers of card
//! processors: one that succeeds, one that is declined, one without funds.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Always authorised and captured.
pub const CARD_SUCCESS: &str = "4242424242424242";
/// Always declined by the issuer.
pub const CARD_DECLINED: &str = "4000000000000002";
/// Declined for insufficient funds.
pub const CARD_INSUFFICIENT_FUNDS: &str = "4000000000009995";

/// What the test provider answers for a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CardOutcome {
    Approved,
    Declined,
    InsufficientFunds,
    /// Not one of the documented test numbers.
    UnknownCard,
}

/// The outcome for `number` (spaces and dashes ignored).
pub fn test_card_outcome(number: &str) -> CardOutcome {
    let digits: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.as_str() {
        CARD_SUCCESS => CardOutcome::Approved,
        CARD_DECLINED => CardOutcome::Declined,
        CARD_INSUFFICIENT_FUNDS => CardOutcome::InsufficientFunds,
        _ => CardOutcome::UnknownCard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_numbers_behave_as_documented() {
        assert_eq!(
            test_card_outcome("4242 4242 4242 4242"),
            CardOutcome::Approved
        );
        assert_eq!(
            test_card_outcome("4000-0000-0000-0002"),
            CardOutcome::Declined
        );
        assert_eq!(
            test_card_outcome(CARD_INSUFFICIENT_FUNDS),
            CardOutcome::InsufficientFunds
        );
        assert_eq!(
            test_card_outcome("4111111111111111"),
            CardOutcome::UnknownCard
        );
    }
}
