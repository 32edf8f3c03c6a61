//! Signed-in devices: one session per login (refresh-token family), with the
//! user agent and address it was last seen with.

use super::tokens::FamilyId;
use super::user::UserId;
use kit::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

/// Longest user agent kept; longer ones are cut (at a character boundary).
pub const MAX_USER_AGENT: usize = 512;

/// The device a login or refresh came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Device {
    /// The `User-Agent` header as sent, at most [`MAX_USER_AGENT`] bytes.
    pub user_agent: String,
    /// The client address, as the rate limits see it.
    pub ip: Option<String>,
}

impl Device {
    /// A device from the raw header and address.
    pub fn new(user_agent: &str, ip: Option<String>) -> Self {
        let mut end = user_agent.len().min(MAX_USER_AGENT);
        while !user_agent.is_char_boundary(end) {
            end -= 1;
        }
        Self {
            user_agent: user_agent[..end].to_owned(),
            ip,
        }
    }
}

/// What the store keeps of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub family_id: FamilyId,
    pub user_id: UserId,
    pub device: Device,
    pub created_at: Timestamp,
    pub last_used_at: Timestamp,
}

/// A device in words, from its user agent: "Firefox on Linux".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DeviceName {
    /// The browser or client, such as `Firefox`; `Unknown` when not told.
    pub browser: String,
    /// The operating system, such as `Windows 10` or `iOS`; `Unknown` when not told.
    pub os: String,
    /// `pc`, `smartphone`, `mobilephone`, `appliance`, `crawler` or `unknown`.
    pub kind: String,
}

impl DeviceName {
    /// Parses `user_agent` (woothee's rules).
    pub fn of(user_agent: &str) -> Self {
        let unknown = || "Unknown".to_owned();
        match woothee::parser::Parser::new().parse(user_agent) {
            Some(found) => {
                let known = |text: &str| {
                    if text.is_empty() || text == "UNKNOWN" {
                        unknown()
                    } else {
                        text.to_owned()
                    }
                };
                Self {
                    browser: known(found.name),
                    os: known(found.os),
                    kind: if found.category == "UNKNOWN" {
                        "unknown".to_owned()
                    } else {
                        found.category.to_owned()
                    },
                }
            }
            None => Self {
                browser: unknown(),
                os: unknown(),
                kind: "unknown".to_owned(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_agent_is_named_by_browser_and_system() {
        let firefox = DeviceName::of(
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        );
        assert_eq!(
            (
                firefox.browser.as_str(),
                firefox.os.as_str(),
                firefox.kind.as_str()
            ),
            ("Firefox", "Linux", "pc")
        );
        let iphone = DeviceName::of(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        );
        assert_eq!(
            (
                iphone.browser.as_str(),
                iphone.os.as_str(),
                iphone.kind.as_str()
            ),
            ("Safari", "iPhone", "smartphone")
        );
        let nothing = DeviceName::of("");
        assert_eq!(
            (nothing.browser.as_str(), nothing.kind.as_str()),
            ("Unknown", "unknown")
        );
    }

    #[test]
    fn a_long_user_agent_is_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_USER_AGENT);
        let device = Device::new(&long, None);
        assert!(device.user_agent.len() <= MAX_USER_AGENT);
        assert!(long.starts_with(&device.user_agent));
    }
}
