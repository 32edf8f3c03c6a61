//! Accounts in an AWS Cognito user pool: register (SignUp), confirm
//! (ConfirmSignUp), resend the confirmation (ResendConfirmationCode), login
//! (InitiateAuth, USER_PASSWORD_AUTH), refresh (REFRESH_TOKEN_AUTH), logout
//! (RevokeToken), forgot password (ForgotPassword) and reset with the emailed
//! code (ConfirmForgotPassword, then GlobalSignOut). Tokens are Cognito's own;
//! every service verifies them with the kit verifier pointed at the pool's JWKS.
//!
//! It lives with the clients, not in `store`: Cognito is another service that
//! owns the whole sign-in (passwords, sessions, tokens), so this adapter stands
//! in for [`LocalAccounts`](crate::service::LocalAccounts) behind the
//! [`SignIn`] port rather than backing the account repositories, which it could
//! not (it keeps no profiles and issues no Feira tokens).

use crate::domain::sessions::Device;
use crate::domain::tokens::Refusal;
use crate::domain::{Email, RefreshToken};
use crate::service::{LoginOutcome, Registered, Registration, ServiceError, SignIn, TokenPair};
use crate::settings::CognitoSettings;
use aws_sdk_cognitoidentityprovider as cognito;
use cognito::error::ProvideErrorMetadata;
use cognito::types::{AttributeType, AuthFlowType, AuthenticationResultType};
use kit::FieldError;
use secrecy::{ExposeSecret, SecretString};

/// Sign-in against one app client of a Cognito user pool.
#[derive(Debug, Clone)]
pub struct CognitoAccounts {
    client: cognito::Client,
    client_id: String,
}

impl CognitoAccounts {
    /// A client for the pool in `settings`, with credentials and region from the
    /// standard AWS chain (the operations used need no credentials on AWS).
    pub async fn new(settings: &CognitoSettings) -> Self {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(settings.region.clone()));
        if !settings.endpoint_url.is_empty() {
            loader = loader.endpoint_url(&settings.endpoint_url);
        }
        Self::with_config(&loader.load().await, &settings.client_id)
    }

    /// A client from a ready SDK configuration (tests, custom credentials).
    pub fn with_config(config: &aws_config::SdkConfig, client_id: &str) -> Self {
        Self {
            client: cognito::Client::new(config),
            client_id: client_id.to_owned(),
        }
    }
}

/// The Cognito error code, such as `UsernameExistsException`; `None` when the
/// request never got an answer.
fn code<E: ProvideErrorMetadata>(err: &E) -> Option<&str> {
    err.code()
}

fn unavailable<E: std::error::Error + Send + Sync + 'static>(err: E) -> ServiceError {
    ServiceError::Unavailable(anyhow::Error::new(err).context("call Cognito"))
}

/// The pool's own password policy refused `field`.
fn password_refused<E: ProvideErrorMetadata>(err: &E, field: &str) -> ServiceError {
    ServiceError::Validation(vec![FieldError::new(
        field,
        err.message()
            .unwrap_or("does not meet the user pool's password policy")
            .to_owned(),
    )])
}

/// Errors that only say whether an address has an account (or is confirmed
/// already): a request that may not say so answers as if it were sent.
fn quiet(code: Option<&str>) -> bool {
    matches!(
        code,
        Some("UserNotFoundException" | "InvalidParameterException" | "NotAuthorizedException")
    )
}

fn pair(
    result: Option<AuthenticationResultType>,
    refresh: Option<&RefreshToken>,
) -> Result<TokenPair, ServiceError> {
    let result = result.ok_or_else(|| {
        ServiceError::Internal(anyhow::anyhow!(
            "Cognito asked for a challenge this API does not support"
        ))
    })?;
    let refresh_token = result
        .refresh_token
        .or_else(|| refresh.map(|r| r.expose_secret().to_owned()))
        .unwrap_or_default();
    Ok(TokenPair {
        access_token: result.access_token.unwrap_or_default(),
        token_type: "Bearer",
        expires_in: u64::try_from(result.expires_in).unwrap_or_default(),
        refresh_token,
        id_token: result.id_token,
    })
}

#[async_trait::async_trait]
impl SignIn for CognitoAccounts {
    async fn register(&self, input: Registration) -> Result<Registered, ServiceError> {
        // The same rules as local accounts, checked before the pool sees anything.
        let (email, name) = input.validate()?;
        let attribute = |n: &str, v: &str| {
            AttributeType::builder()
                .name(n)
                .value(v)
                .build()
                .map_err(|e| ServiceError::Internal(e.into()))
        };
        let result = self
            .client
            .sign_up()
            .client_id(&self.client_id)
            .username(email.as_str())
            .password(input.password.expose_secret())
            .user_attributes(attribute("email", email.as_str())?)
            .user_attributes(attribute("name", &name)?)
            .send()
            .await;
        let accepted = |confirmation_required| Registered {
            email: email.to_string(),
            confirmation_required,
        };
        match result {
            Ok(out) => Ok(accepted(!out.user_confirmed)),
            // The same answer as for a new address (ADR 0041); the pool
            // cannot email the owner, so nobody is told.
            Err(err) if code(&err) == Some("UsernameExistsException") => Ok(accepted(true)),
            Err(err) => Err(match code(&err) {
                Some("InvalidPasswordException") => password_refused(&err, "password"),
                _ => unavailable(err),
            }),
        }
    }

    async fn confirm(&self, email: &str, code_text: &str) -> Result<(), ServiceError> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let result = self
            .client
            .confirm_sign_up()
            .client_id(&self.client_id)
            .username(email.as_str())
            .confirmation_code(code_text.trim())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) => Err(match code(&err) {
                Some("CodeMismatchException" | "ExpiredCodeException") => ServiceError::BadCode,
                Some("UserNotFoundException") => ServiceError::BadCode,
                _ => unavailable(err),
            }),
        }
    }

    /// The pool keeps its own device records: `_device` is not sent.
    async fn login(
        &self,
        email: &str,
        password: &SecretString,
        _device: &Device,
    ) -> Result<LoginOutcome, ServiceError> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let result = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", email.as_str())
            .auth_parameters("PASSWORD", password.expose_secret())
            .send()
            .await;
        match result {
            Ok(out) => pair(out.authentication_result, None).map(LoginOutcome::Tokens),
            Err(err) => Err(match code(&err) {
                // Cognito too answers unknown users and wrong passwords alike.
                Some("NotAuthorizedException" | "UserNotFoundException") => {
                    ServiceError::InvalidCredentials
                }
                Some("UserNotConfirmedException") => ServiceError::NotConfirmed,
                _ => unavailable(err),
            }),
        }
    }

    async fn refresh(
        &self,
        refresh_token: &RefreshToken,
        _device: &Device,
    ) -> Result<TokenPair, ServiceError> {
        let result = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", refresh_token.expose_secret())
            .send()
            .await;
        match result {
            // Cognito returns a new refresh token only when rotation is enabled on
            // the client; otherwise the same one stays valid.
            Ok(out) => pair(out.authentication_result, Some(refresh_token)),
            Err(err) => Err(match code(&err) {
                Some("NotAuthorizedException" | "UserNotFoundException") => {
                    ServiceError::Refresh(Refusal::Unknown)
                }
                _ => unavailable(err),
            }),
        }
    }

    async fn resend_confirmation(&self, email: &str) -> Result<(), ServiceError> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let result = self
            .client
            .resend_confirmation_code()
            .client_id(&self.client_id)
            .username(email.as_str())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            // Unknown or confirmed already: nothing to send, and nothing said.
            Err(err) if quiet(code(&err)) => Ok(()),
            Err(err) => Err(unavailable(err)),
        }
    }

    async fn forgot_password(&self, email: &str) -> Result<(), ServiceError> {
        let email = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]))?;
        let result = self
            .client
            .forgot_password()
            .client_id(&self.client_id)
            .username(email.as_str())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(err) if quiet(code(&err)) => Ok(()),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Cognito keeps the sessions a password reset leaves alone: the new
    /// password signs in once more to call GlobalSignOut, which revokes every
    /// refresh token of the account (the access tokens live out their hour).
    async fn reset_with_code(
        &self,
        email: &str,
        code_text: &str,
        new_password: &SecretString,
    ) -> Result<(), ServiceError> {
        let parsed = Email::parse(email, "email").map_err(|e| ServiceError::Validation(vec![e]));
        let policy = crate::domain::password::check_policy(
            new_password.expose_secret(),
            "new_password",
            crate::domain::password::Account { email, name: "" },
        );
        let mut errors = Vec::new();
        if let Err(ServiceError::Validation(e)) = &parsed {
            errors.extend(e.iter().cloned());
        }
        if code_text.trim().is_empty() {
            errors.push(FieldError::new("code", "must not be empty"));
        }
        errors.extend(policy.err());
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let email = parsed?;
        let result = self
            .client
            .confirm_forgot_password()
            .client_id(&self.client_id)
            .username(email.as_str())
            .confirmation_code(code_text.trim())
            .password(new_password.expose_secret())
            .send()
            .await;
        if let Err(err) = result {
            return Err(match code(&err) {
                // An unknown address answers like a wrong code (moto says
                // ResourceNotFoundException for it).
                Some(
                    "CodeMismatchException"
                    | "ExpiredCodeException"
                    | "UserNotFoundException"
                    | "ResourceNotFoundException",
                ) => ServiceError::BadCode,
                Some("InvalidPasswordException") => password_refused(&err, "new_password"),
                _ => unavailable(err),
            });
        }
        let signed_in = self
            .client
            .initiate_auth()
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::UserPasswordAuth)
            .auth_parameters("USERNAME", email.as_str())
            .auth_parameters("PASSWORD", new_password.expose_secret())
            .send()
            .await
            .map_err(unavailable)?;
        let access = pair(signed_in.authentication_result, None)?.access_token;
        self.client
            .global_sign_out()
            .access_token(access)
            .send()
            .await
            .map_err(unavailable)?;
        tracing::info!("password reset in the user pool; every session ended");
        Ok(())
    }

    async fn logout(&self, refresh_token: &RefreshToken) -> Result<(), ServiceError> {
        let result = self
            .client
            .revoke_token()
            .client_id(&self.client_id)
            .token(refresh_token.expose_secret())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            // Unknown or already revoked: logging out is idempotent.
            Err(err) if code(&err).is_some_and(|c| c != "InternalErrorException") => {
                tracing::info!(code = code(&err), "Cognito did not revoke the token");
                Ok(())
            }
            Err(err) => Err(unavailable(err)),
        }
    }
}
