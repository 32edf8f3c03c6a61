//! Other services, as identity sees them. Today one: an AWS Cognito user pool
//! that takes over signing in (`cognito` feature).

#[cfg(feature = "cognito")]
pub mod cognito;
