//! Access tokens: where they come from (OAuth2 client credentials, a provider of the caller's, a
//! static bearer token), one cached token per scope set with at most one fetch in flight for it,
//! and the checks every token passes before a call uses it.

mod cache;
mod client_credentials;
mod provider;
mod token;

use std::fmt;
use std::sync::Arc;

use url::Url;

pub(crate) use self::cache::Source;
use self::cache::TokenCache;
pub(crate) use self::client_credentials::ClientCredentials;
pub(crate) use self::provider::SharedProvider;
pub use self::provider::{Token, TokenProvider};
pub(crate) use self::token::AccessToken;
use crate::error::Failure;
use crate::error::redact::Redactor;
use crate::http::Transport;

/// The scopes of an operation, as its `OperationInfo` lists them.
pub(crate) type Scopes = &'static [&'static str];

/// How a client authenticates its API requests.
pub(crate) enum Auth {
    /// `bearer_token`: sent as it is. A 401 is returned as it is, there being no other token to try.
    Static(Arc<AccessToken>),
    /// Client credentials or a token provider: a token per scope set, cached until it expires,
    /// fetched again after a 401.
    Fetched(TokenCache),
}

impl Auth {
    /// A static token, or why it cannot be used (never quoting it).
    pub(crate) fn bearer(token: String) -> Result<Self, &'static str> {
        // No lifetime: it never counts as fresh, which only the cache looks at.
        AccessToken::new(token, None, std::time::Instant::now()).map(|token| Self::Static(Arc::new(token)))
    }

    /// Tokens from `source`; one fetch may take `fetch_timeout` at most.
    pub(crate) fn fetched(source: Source, fetch_timeout: std::time::Duration) -> Self {
        Self::Fetched(TokenCache::new(source, fetch_timeout))
    }

    /// A usable token for `scopes`. Callers bound the wait with their deadline.
    pub(crate) async fn token(&self, transport: &Transport, scopes: Scopes) -> Result<Arc<AccessToken>, Failure> {
        match self {
            Self::Static(token) => Ok(token.clone()),
            Self::Fetched(cache) => cache.token(transport, scopes).await,
        }
    }

    /// Forgets `rejected` (the API answered 401 with it); whether another token may be tried.
    pub(crate) fn reject(&self, scopes: Scopes, rejected: &Arc<AccessToken>) -> bool {
        match self {
            Self::Static(_) => false,
            Self::Fetched(cache) => {
                cache.invalidate(scopes, rejected);
                true
            }
        }
    }

    /// Blanks out the client secret and every access token the client holds.
    pub(crate) fn redactor(&self) -> Redactor {
        match self {
            // Every call sends it, and lists it among the secrets it sent (see `attempt.rs`).
            Self::Static(_) => Redactor::default(),
            Self::Fetched(cache) => cache.redactor(),
        }
    }

    /// The token endpoint, with client credentials.
    pub(crate) fn token_url(&self) -> Option<&Url> {
        match self {
            Self::Fetched(cache) => cache.source().token_url(),
            Self::Static(_) => None,
        }
    }
}

/// Which way the client authenticates, and the client id: never a secret.
impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Static(_) => f.write_str("BearerToken(<redacted>)"),
            Self::Fetched(cache) => fmt::Debug::fmt(cache.source(), f),
        }
    }
}
