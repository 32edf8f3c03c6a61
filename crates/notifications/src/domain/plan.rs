//! Which channels an order event goes to.

use super::message::{Channel, OrderEvent};

/// The channels for an event of type `kind` about `order`:
/// - `order.placed`: none. Checkout emits it and, in the same request,
///   `order.paid` or `order.payment_failed`, which is what the customer hears
///   about (one confirmation, not two).
/// - `order.paid` is the order confirmation: email always, whatever the
///   preference (it is a receipt).
/// - otherwise email and in-app as the preferences say.
/// - SMS only with a phone number and the SMS opt-in, and only when an SMS
///   provider is configured (`sms_available`).
pub fn channels(kind: &str, order: &OrderEvent, sms_available: bool) -> Vec<Channel> {
    if kind == "order.placed" || !kind.starts_with("order.") {
        return Vec::new();
    }
    let p = order.contact.preferences;
    let mut out = Vec::new();
    if p.email || kind == "order.paid" {
        out.push(Channel::Email);
    }
    if p.sms && sms_available && order.contact.phone.is_some() {
        out.push(Channel::Sms);
    }
    if p.in_app {
        out.push(Channel::InApp);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::message::tests::order;

    #[test]
    fn the_confirmation_email_goes_out_whatever_the_preference() {
        let mut o = order();
        o.contact.preferences.email = false;
        assert!(channels("order.paid", &o, true).contains(&Channel::Email));
        assert!(!channels("order.shipped", &o, true).contains(&Channel::Email));
    }

    #[test]
    fn sms_needs_a_phone_the_opt_in_and_a_provider() {
        let mut o = order();
        assert!(channels("order.shipped", &o, true).contains(&Channel::Sms));
        assert!(!channels("order.shipped", &o, false).contains(&Channel::Sms));
        o.contact.preferences.sms = false;
        assert!(!channels("order.shipped", &o, true).contains(&Channel::Sms));
        o.contact.preferences.sms = true;
        o.contact.phone = None;
        assert!(!channels("order.shipped", &o, true).contains(&Channel::Sms));
    }

    #[test]
    fn placed_and_foreign_events_send_nothing() {
        assert!(channels("order.placed", &order(), true).is_empty());
        assert!(channels("task.created", &order(), true).is_empty());
        assert_eq!(
            channels("order.cancelled", &order(), true),
            [Channel::Email, Channel::Sms, Channel::InApp]
        );
    }
}
