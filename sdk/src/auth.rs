//! OAuth2 client credentials: one cached token per scope set, fetched once however many calls wait.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use url::Url;

use crate::error::{AuthError, Error};

/// A secret string (client secret, access token) that never shows in `Debug` or logs.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Tokens are renewed this long before the server says they expire.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct CachedToken {
    token: Secret,
    /// `None` when the server gave no `expires_in`: used until the API rejects it.
    renew_at: Option<Instant>,
}

impl CachedToken {
    fn is_fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

/// One slot per scope set; its async mutex makes concurrent callers wait for one fetch.
type Slot = Arc<tokio::sync::Mutex<Option<CachedToken>>>;

#[derive(Debug)]
pub(crate) struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    token_url: Url,
    slots: Mutex<HashMap<String, Slot>>,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<f64>,
}

impl ClientCredentials {
    pub(crate) fn new(client_id: String, client_secret: String, token_url: Url) -> Self {
        Self { client_id, client_secret: Secret::new(client_secret), token_url, slots: Mutex::new(HashMap::new()) }
    }

    pub(crate) fn client_id(&self) -> &str {
        &self.client_id
    }

    pub(crate) fn token_url(&self) -> &Url {
        &self.token_url
    }

    fn slot(&self, scopes: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.entry(scopes.to_owned()).or_default().clone()
    }

    /// A valid token for `scopes`, from the cache or from the token endpoint.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        scopes: &[&str],
        timeout: Duration,
    ) -> Result<Secret, Error> {
        let key = scopes.join(" ");
        let slot = self.slot(&key);
        let mut cached = slot.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.token.clone());
        }
        tracing::debug!(scopes = %key, "fetching an access token");
        let fetched = self.fetch(http, &key, timeout).await?;
        let token = fetched.token.clone();
        *cached = Some(fetched);
        Ok(token)
    }

    /// Forgets `rejected` (the API answered 401 with it) unless another call already replaced it.
    pub(crate) async fn invalidate(&self, scopes: &[&str], rejected: &Secret) {
        let slot = self.slot(&scopes.join(" "));
        let mut cached = slot.lock().await;
        if cached.as_ref().is_some_and(|t| &t.token == rejected) {
            *cached = None;
        }
    }

    async fn fetch(&self, http: &reqwest::Client, scopes: &str, timeout: Duration) -> Result<CachedToken, Error> {
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            form.append_pair("client_id", &self.client_id);
            form.append_pair("client_secret", self.client_secret.expose());
            if !scopes.is_empty() {
                form.append_pair("scope", scopes);
            }
            form.finish()
        };
        let started = Instant::now();
        let response = http
            .post(self.token_url.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .body(form)
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| Error::Auth(AuthError::failed(e)))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| Error::Auth(AuthError::failed(e)))?;
        if !status.is_success() {
            return Err(Error::Auth(AuthError::rejected(status, self.redact(body))));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| Error::Auth(AuthError::failed(e).with_response(status, self.redact(body.clone()))))?;
        let renew_at = parsed
            .expires_in
            .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
            .map(|lifetime| started + lifetime.saturating_sub(EXPIRY_MARGIN));
        Ok(CachedToken { token: Secret::new(parsed.access_token), renew_at })
    }

    /// Blanks the client secret out of a body that echoes the request back.
    fn redact(&self, body: Bytes) -> Bytes {
        let secret = self.client_secret.expose();
        if secret.is_empty() {
            return body;
        }
        let text = String::from_utf8_lossy(&body);
        let encoded = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>();
        if !text.contains(secret) && !text.contains(&encoded) {
            return body;
        }
        Bytes::from(text.replace(secret, "<redacted>").replace(&encoded, "<redacted>"))
    }
}
