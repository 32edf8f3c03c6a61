//! Orders' contact directory in this process (`feira up`): contact details
//! for order snapshots, read straight from identity's account store.

use kit::auth::AuthUser;
use orders::clients::ClientError;
use orders::clients::identity::{ContactDirectory, TokenContacts};
use orders::domain::{Contact, ContactPreferences};
use std::sync::Arc;

/// Identity's accounts behind orders' directory trait; without local
/// accounts (a Cognito pool) the token's own claims answer.
pub struct EmbeddedContacts {
    users: Option<Arc<dyn identity::store::UserRepository>>,
}

impl EmbeddedContacts {
    /// A directory over identity's account store.
    pub fn new(users: Option<Arc<dyn identity::store::UserRepository>>) -> Self {
        Self { users }
    }
}

#[async_trait::async_trait]
impl ContactDirectory for EmbeddedContacts {
    #[tracing::instrument(name = "contact", skip_all, fields(feira.component = "identity"))]
    async fn contact(&self, user: &AuthUser, bearer: &str) -> Result<Contact, ClientError> {
        let Some(users) = &self.users else {
            return TokenContacts.contact(user, bearer).await;
        };
        let unavailable = |detail: String| ClientError::Unavailable {
            service: "identity",
            detail,
        };
        let id =
            identity::domain::UserId::parse(&user.id).map_err(|e| unavailable(e.to_string()))?;
        let found = users
            .by_id(id)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        let Some(account) = found else {
            return TokenContacts.contact(user, bearer).await;
        };
        let p = account.profile.preferences;
        Ok(Contact {
            email: account.email.as_str().to_owned(),
            name: account.name,
            phone: account.profile.phone,
            preferences: ContactPreferences {
                email: p.email,
                sms: p.sms,
                in_app: p.in_app,
            },
        })
    }
}
