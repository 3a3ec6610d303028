//! Tokens from a source of the caller's: a vault, a sidecar, a gateway's own flow.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::error::BoxError;
use crate::error::redact::Secret;

/// A source of access tokens: a vault, a sidecar, an identity provider the SDK does not know.
///
/// Set with [`ClientBuilder::token_provider`](crate::ClientBuilder::token_provider). The SDK asks it
/// for a token per scope set and treats what it returns as it treats the tokens of OAuth2 client
/// credentials: at most one call of `token` in flight per scope set (every call waiting shares its
/// outcome), the token cached until 60 s before the lifetime given with [`Token::expires_in`] ends
/// (24 h at most, also without one), asked for again once after the API answers 401, checked before
/// use (non-empty, visible ASCII), and never shown in `Debug`, errors or traces. An error it returns
/// fails the calls waiting for it with [`Error::Auth`](crate::Error::Auth), its `source()` being
/// that error (a panic in `token` is caught and becomes such an error); a call of `token` that takes
/// longer than the client's attempt timeout is abandoned.
///
/// ```
/// use std::time::Duration;
/// use formance_sdk_runtime::{BoxError, Token, TokenProvider};
///
/// struct FromSidecar;
///
/// impl TokenProvider for FromSidecar {
///     async fn token(&self, scopes: &[&str]) -> Result<Token, BoxError> {
///         // Ask the sidecar for a token with `scopes`...
///         let _ = scopes;
///         Ok(Token::new("eyJhbGciOi...").expires_in(Duration::from_secs(300)))
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for an operation that needs `scopes` (the OAuth2 scopes the spec lists for it, in
    /// its order; empty when it lists none).
    fn token(&self, scopes: &[&str]) -> impl Future<Output = Result<Token, BoxError>> + Send;

    /// The name shown in the client's `Debug` (default: the type's name).
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }
}

/// An access token from a [`TokenProvider`], sent as `Authorization: Bearer <token>`.
#[derive(Clone)]
pub struct Token {
    value: Secret,
    expires_in: Option<Duration>,
}

impl Token {
    /// The token as it goes after `Bearer `.
    pub fn new(value: impl Into<String>) -> Self {
        Self { value: Secret::new(value.into()), expires_in: None }
    }

    /// How long the token lives from when it was asked for: the SDK uses it until 60 s before
    /// then. Without it, a token is used for 24 h or until the API rejects it. `Duration::ZERO` (or
    /// anything within 60 s) means: use it for the calls that asked, ask again for the next ones.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }

    pub(crate) fn into_parts(self) -> (String, Option<Duration>) {
        (self.value.into_inner(), self.expires_in)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("value", &self.value).field("expires_in", &self.expires_in).finish()
    }
}

/// A provider behind a pointer the client's clones share: [`TokenProvider::token`] returns a future
/// of its own type, which this boxes.
pub(crate) type SharedProvider = Arc<dyn DynProvider>;

pub(crate) trait DynProvider: Send + Sync {
    fn dyn_token<'a>(&'a self, scopes: &'a [&'a str]) -> BoxFuture<'a, Result<Token, BoxError>>;
    fn dyn_name(&self) -> &str;
}

impl<P: TokenProvider> DynProvider for P {
    fn dyn_token<'a>(&'a self, scopes: &'a [&'a str]) -> BoxFuture<'a, Result<Token, BoxError>> {
        Box::pin(self.token(scopes))
    }

    fn dyn_name(&self) -> &str {
        self.name()
    }
}
