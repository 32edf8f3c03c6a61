//! Rendering order events into an email (HTML and text), an SMS and an in-app
//! notification, and identity's account events into an email (and an in-app
//! notice for security changes), from the templates in `templates/`.

use minijinja::{Environment, Value, context};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A delivery channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    InApp,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::InApp];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::InApp => "in_app",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The order event's data as notifications reads it (a tolerant reader:
/// fields it does not use are ignored). Schema: docs/events.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub order_id: String,
    pub order_number: String,
    pub customer_id: String,
    pub items: Vec<Item>,
    pub totals: Totals,
    pub contact: Contact,
    #[serde(default)]
    pub shipment: Option<Shipment>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub line_total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub currency: String,
    pub subtotal: i64,
    pub shipping: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub preferences: Preferences,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub email: bool,
    pub sms: bool,
    pub in_app: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: String,
    pub tracking_number: String,
}

/// An account event's data as notifications reads it (identity's
/// `identity.*` events; schema: docs/events.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountEvent {
    pub user_id: String,
    /// Where the email goes.
    pub email: String,
    #[serde(default)]
    pub name: String,
    /// The link's secret, for the events that carry a link.
    #[serde(default)]
    pub token: Option<String>,
    /// When the link stops working.
    #[serde(default)]
    pub expires_at: Option<kit::Timestamp>,
    /// The account's new address (`identity.email_changed`).
    #[serde(default)]
    pub new_email: Option<String>,
}

/// An email to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMessage {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// An SMS to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsMessage {
    /// E.164.
    pub to: String,
    pub body: String,
}

/// An in-app notification to store and push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InAppMessage {
    pub user_id: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

/// A message for one channel, as stored with its delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum Outgoing {
    Email(EmailMessage),
    Sms(SmsMessage),
    InApp(InAppMessage),
}

impl Outgoing {
    pub fn channel(&self) -> Channel {
        match self {
            Outgoing::Email(_) => Channel::Email,
            Outgoing::Sms(_) => Channel::Sms,
            Outgoing::InApp(_) => Channel::InApp,
        }
    }

    /// Who receives it: an email address, a phone number or a user id.
    pub fn recipient(&self) -> &str {
        match self {
            Outgoing::Email(m) => &m.to,
            Outgoing::Sms(m) => &m.to,
            Outgoing::InApp(m) => &m.user_id,
        }
    }
}

/// Minor units as a decimal amount with the currency code: `1250` EUR → `12.50 EUR`.
pub fn money(amount: i64, currency: &str) -> String {
    let digits = match currency {
        "JPY" | "KRW" | "CLP" | "ISK" | "VND" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    };
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs} {currency}");
    }
    let scale = 10u64.pow(digits);
    format!(
        "{sign}{}.{:0width$} {currency}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

/// The compiled-in templates and the web app's address for links.
pub struct Templates {
    env: Environment<'static>,
    web_url: String,
}

impl Templates {
    /// Templates linking to the web app at `web_url` (such as `http://localhost:8080`).
    pub fn new(web_url: &str) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.add_template("email.txt", include_str!("../../templates/email.txt"))?;
        env.add_template("email.html", include_str!("../../templates/email.html"))?;
        env.add_template("sms.txt", include_str!("../../templates/sms.txt"))?;
        env.add_template(
            "headlines.txt",
            include_str!("../../templates/headlines.txt"),
        )?;
        env.add_template(
            "account-copy.txt",
            include_str!("../../templates/account-copy.txt"),
        )?;
        env.add_template("account.txt", include_str!("../../templates/account.txt"))?;
        env.add_template("account.html", include_str!("../../templates/account.html"))?;
        // HTML-escape only the HTML template.
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        Ok(Self {
            env,
            web_url: web_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The messages for an order event of type `kind`, one per channel.
    pub fn render(&self, kind: &str, order: &OrderEvent) -> anyhow::Result<Vec<Outgoing>> {
        let headlines = self
            .env
            .get_template("headlines.txt")?
            .render(context! { type => kind })?;
        let (headline, intro) = headlines.split_once('|').unwrap_or((&headlines, ""));
        let currency = order.totals.currency.clone();
        let money_fn = move |amount: i64| money(amount, &currency);
        let order_link = format!("{}/orders/{}", self.web_url, order.order_id);
        let tracking_link = format!("{order_link}/tracking");
        let subject = format!("{headline} ({})", order.order_number);
        let ctx = context! {
            subject => subject,
            headline => headline,
            intro => intro,
            order_number => order.order_number,
            items => Value::from_serialize(&order.items),
            totals => Value::from_serialize(&order.totals),
            contact => Value::from_serialize(&order.contact),
            shipment => Value::from_serialize(&order.shipment),
            order_link => order_link,
            tracking_link => tracking_link,
            money => Value::from_function(money_fn),
        };
        let text = self.env.get_template("email.txt")?.render(&ctx)?;
        let html = self.env.get_template("email.html")?.render(&ctx)?;
        let sms = self.env.get_template("sms.txt")?.render(&ctx)?;
        let mut out = vec![Outgoing::Email(EmailMessage {
            to: order.contact.email.clone(),
            to_name: order.contact.name.clone(),
            subject: subject.clone(),
            text,
            html,
        })];
        if let Some(phone) = &order.contact.phone {
            out.push(Outgoing::Sms(SmsMessage {
                to: phone.clone(),
                body: sms.trim().to_owned(),
            }));
        }
        out.push(Outgoing::InApp(InAppMessage {
            user_id: order.customer_id.clone(),
            title: headline.to_owned(),
            body: format!("Order {}: {}", order.order_number, intro),
            link: Some(format!("/orders/{}", order.order_id)),
        }));
        Ok(out)
    }
}

impl Templates {
    /// The messages for an account event of type `kind` emitted at `at`: an
    /// email to the address it names and, for a changed password or email,
    /// an in-app notice too. Security mail ignores the preferences.
    pub fn render_account(
        &self,
        kind: &str,
        event: &AccountEvent,
        at: kit::Timestamp,
    ) -> anyhow::Result<Vec<Outgoing>> {
        let copy = self
            .env
            .get_template("account-copy.txt")?
            .render(context! { type => kind, new_email => event.new_email })?;
        let mut parts = copy.split('|').map(str::trim);
        let subject = parts.next().unwrap_or_default().to_owned();
        let intro = parts.next().unwrap_or_default().to_owned();
        let action = parts.next().unwrap_or_default().to_owned();
        let page = parts.next().unwrap_or_default();
        // The secret goes after `#`: browsers send no fragment to servers, so
        // it stays out of access logs and Referer headers.
        let link = (!page.is_empty()).then(|| match &event.token {
            Some(token) => format!("{}/{page}#token={token}", self.web_url),
            None => format!("{}/{page}", self.web_url),
        });
        let lifetime = event
            .expires_at
            .filter(|_| event.token.is_some())
            .map(|until| lifetime(until.as_offset() - at.as_offset()));
        let ctx = context! {
            subject => subject,
            intro => intro,
            action => action,
            link => link,
            lifetime => lifetime,
            name => event.name,
        };
        let mut out = vec![Outgoing::Email(EmailMessage {
            to: event.email.clone(),
            to_name: event.name.clone(),
            subject: subject.clone(),
            text: self.env.get_template("account.txt")?.render(&ctx)?,
            html: self.env.get_template("account.html")?.render(&ctx)?,
        })];
        if matches!(
            kind,
            "identity.password_changed"
                | "identity.email_changed"
                | "identity.two_factor_enabled"
                | "identity.two_factor_disabled"
        ) {
            out.push(Outgoing::InApp(InAppMessage {
                user_id: event.user_id.clone(),
                title: subject,
                body: intro,
                link: Some("/account".to_owned()),
            }));
        }
        Ok(out)
    }
}

/// A link's lifetime for people: "30 minutes", "24 hours".
fn lifetime(span: time::Duration) -> String {
    let minutes = span.whole_minutes().max(1);
    match minutes {
        1 => "1 minute".to_owned(),
        m if m < 120 => format!("{m} minutes"),
        m => format!("{} hours", (m + 30) / 60),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn order() -> OrderEvent {
        serde_json::from_value(serde_json::json!({
            "order_id": "o-1", "order_number": "FE-ABCD2345", "customer_id": "u-1",
            "items": [{"sku": "MUG-1", "name": "Blue <mug>", "quantity": 2, "line_total": 2400}],
            "totals": {"currency": "EUR", "subtotal": 2400, "shipping": 499, "total": 2899},
            "contact": {"email": "ana@example.com", "name": "Ana", "phone": "+351912345678",
                        "preferences": {"email": true, "sms": true, "in_app": true}},
            "shipment": {"carrier": "CTT", "tracking_number": "RR1"},
            "reason": null, "status": "shipped", "unknown_field": 1
        }))
        .unwrap()
    }

    #[test]
    fn money_uses_the_currency_minor_units() {
        assert_eq!(money(2899, "EUR"), "28.99 EUR");
        assert_eq!(money(5, "EUR"), "0.05 EUR");
        assert_eq!(money(500, "JPY"), "500 JPY");
        assert_eq!(money(-1250, "USD"), "-12.50 USD");
    }

    #[test]
    fn a_shipped_order_renders_every_channel_with_items_totals_and_tracking() {
        let templates = Templates::new("http://shop.test/").unwrap();
        let out = templates.render("order.shipped", &order()).unwrap();
        let Outgoing::Email(email) = &out[0] else {
            panic!("email first")
        };
        assert_eq!(email.subject, "Your order is on its way (FE-ABCD2345)");
        assert!(
            email.text.contains("2 x Blue <mug> (MUG-1): 24.00 EUR"),
            "{}",
            email.text
        );
        assert!(email.text.contains("Total:    28.99 EUR"));
        assert!(email.text.contains("http://shop.test/orders/o-1/tracking"));
        assert!(email.html.contains("Blue &lt;mug&gt;"), "HTML is escaped");
        assert!(!email.html.contains("<mug>"));
        let Outgoing::Sms(sms) = &out[1] else {
            panic!("sms second")
        };
        assert_eq!(
            sms.body,
            "Feira: Your order is on its way Order FE-ABCD2345, 28.99 EUR. Track: http://shop.test/orders/o-1/tracking"
        );
        let Outgoing::InApp(in_app) = &out[2] else {
            panic!("in-app last")
        };
        assert_eq!(
            (in_app.user_id.as_str(), in_app.link.as_deref()),
            ("u-1", Some("/orders/o-1"))
        );
    }

    fn account(token: Option<&str>) -> AccountEvent {
        AccountEvent {
            user_id: "u-1".into(),
            email: "ana@example.com".into(),
            name: "Ana <3".into(),
            token: token.map(str::to_owned),
            expires_at: Some(kit::Timestamp::parse("2026-12-01T10:30:00.000Z").unwrap()),
            new_email: Some("ana.new@example.com".into()),
        }
    }

    #[test]
    fn an_account_link_goes_after_the_fragment_with_its_lifetime() {
        let templates = Templates::new("http://shop.test/").unwrap();
        let at = kit::Timestamp::parse("2026-12-01T10:00:00.000Z").unwrap();
        let out = templates
            .render_account(
                "identity.password_reset_requested",
                &account(Some("feira_lt_x")),
                at,
            )
            .unwrap();
        assert_eq!(out.len(), 1, "email only");
        let Outgoing::Email(email) = &out[0] else {
            panic!("email")
        };
        assert_eq!(
            (email.to.as_str(), email.subject.as_str()),
            ("ana@example.com", "Reset your password")
        );
        assert!(
            email.text.contains(
                "Choose a new password: http://shop.test/reset-password#token=feira_lt_x"
            ),
            "{}",
            email.text
        );
        assert!(email.text.contains("The link works once, for 30 minutes."));
        assert!(email.html.contains("Ana &lt;3"), "HTML is escaped");
    }

    #[test]
    fn every_account_event_type_has_its_own_subject_and_security_changes_reach_the_inbox() {
        let templates = Templates::new("http://shop.test").unwrap();
        let at = kit::Timestamp::parse("2026-12-01T10:00:00.000Z").unwrap();
        let mut subjects = std::collections::HashSet::new();
        for kind in [
            "identity.verification_requested",
            "identity.registration_attempted",
            "identity.password_reset_requested",
            "identity.password_changed",
            "identity.email_change_requested",
            "identity.email_changed",
            "identity.two_factor_enabled",
            "identity.two_factor_disabled",
        ] {
            let out = templates.render_account(kind, &account(None), at).unwrap();
            let Outgoing::Email(email) = &out[0] else {
                panic!()
            };
            assert_ne!(email.subject, "Your account was updated", "{kind}");
            subjects.insert(email.subject.clone());
            let in_app = out.iter().any(|m| m.channel() == Channel::InApp);
            let security = kind.ends_with("_changed") || kind.contains("two_factor");
            assert_eq!(in_app, security, "{kind}");
        }
        assert_eq!(subjects.len(), 8);
        let moved = templates
            .render_account("identity.email_changed", &account(None), at)
            .unwrap();
        let Outgoing::Email(email) = &moved[0] else {
            panic!()
        };
        assert!(
            email.text.contains("now uses ana.new@example.com"),
            "{}",
            email.text
        );
    }

    #[test]
    fn every_order_event_type_has_its_own_headline() {
        let templates = Templates::new("http://shop.test").unwrap();
        let mut subjects = std::collections::HashSet::new();
        for kind in [
            "order.placed",
            "order.paid",
            "order.payment_failed",
            "order.shipped",
            "order.delivered",
            "order.cancelled",
        ] {
            let out = templates.render(kind, &order()).unwrap();
            let Outgoing::Email(email) = &out[0] else {
                panic!()
            };
            assert!(
                !email.subject.starts_with("Your order was updated"),
                "{kind}"
            );
            subjects.insert(email.subject.clone());
        }
        assert_eq!(subjects.len(), 6);
    }
}
