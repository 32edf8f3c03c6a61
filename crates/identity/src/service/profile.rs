//! The signed-in user's own account: profile fields, notification preferences
//! and saved addresses.

use super::{LocalAccounts, Result, ServiceError, caller_id};
use crate::domain::profile::check_phone;
use crate::domain::user::check_name;
use crate::domain::{Address, AddressInput, User};
use kit::FieldError;
use kit::auth::AuthUser;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Preference changes; absent channels stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesPatch {
    pub email: Option<bool>,
    pub sms: Option<bool>,
    pub in_app: Option<bool>,
}

/// `PATCH /me`: absent fields stay; `"phone": null` removes the phone.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    /// Not blank, at most 100 characters; one line, trimmed and stored in
    /// Unicode NFC; control characters and bidirectional or invisible
    /// formatting characters (such as U+202E) are refused.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "kit::extract::nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    pub preferences: Option<PreferencesPatch>,
}

impl LocalAccounts {
    /// The caller's account.
    pub async fn me(&self, caller: &AuthUser) -> Result<User> {
        let id = caller_id(caller)?;
        self.users.by_id(id).await?.ok_or(ServiceError::AccountGone)
    }

    /// Changes the caller's name, phone or preferences; every bad field is named
    /// and nothing is saved unless all are good.
    pub async fn update_me(&self, caller: &AuthUser, patch: MePatch) -> Result<User> {
        let mut user = self.me(caller).await?;
        let mut errors: Vec<FieldError> = Vec::new();
        if let Some(name) = &patch.name {
            match check_name(name, "name") {
                Ok(name) => user.name = name,
                Err(e) => errors.push(e),
            }
        }
        match patch.phone {
            Some(Some(phone)) => match check_phone(&phone, "phone") {
                Ok(phone) => user.profile.phone = Some(phone),
                Err(e) => errors.push(e),
            },
            Some(None) => user.profile.phone = None,
            None => {}
        }
        if let Some(p) = patch.preferences {
            let prefs = &mut user.profile.preferences;
            prefs.email = p.email.unwrap_or(prefs.email);
            prefs.sms = p.sms.unwrap_or(prefs.sms);
            prefs.in_app = p.in_app.unwrap_or(prefs.in_app);
        }
        if user.profile.preferences.sms && user.profile.phone.is_none() {
            errors.push(FieldError::new("preferences.sms", "needs a phone number"));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        self.save(&mut user).await?;
        Ok(user)
    }

    /// Saves a new address for the caller; the first one becomes the default.
    pub async fn add_address(&self, caller: &AuthUser, input: AddressInput) -> Result<Address> {
        let mut user = self.me(caller).await?;
        let id = user
            .profile
            .add_address(input)
            .map_err(ServiceError::Validation)?;
        self.save(&mut user).await?;
        address(&user, id)
    }

    /// Edits one of the caller's addresses.
    pub async fn edit_address(
        &self,
        caller: &AuthUser,
        id: Uuid,
        input: AddressInput,
    ) -> Result<Address> {
        let mut user = self.me(caller).await?;
        user.profile
            .edit_address(id, input)
            .ok_or(ServiceError::NoSuchAddress)?
            .map_err(ServiceError::Validation)?;
        self.save(&mut user).await?;
        address(&user, id)
    }

    /// Removes one of the caller's addresses.
    pub async fn remove_address(&self, caller: &AuthUser, id: Uuid) -> Result<()> {
        let mut user = self.me(caller).await?;
        if !user.profile.remove_address(id) {
            return Err(ServiceError::NoSuchAddress);
        }
        self.save(&mut user).await
    }
}

fn address(user: &User, id: Uuid) -> Result<Address> {
    user.profile
        .addresses
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or(ServiceError::NoSuchAddress)
}
