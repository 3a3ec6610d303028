//! OAuth2 client credentials: one cached token per scope set, and at most one token request in
//! flight per scope set, whose outcome (token or failure) every waiting call shares.

mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use futures_util::future::{BoxFuture, FutureExt, Shared};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION};
use url::Url;

pub(crate) use self::token::AccessToken;
use crate::error::redact::{Redactor, Secret};
use crate::error::{AuthError, AuthFailure, Error, Failure, TimeoutBound};
use crate::http::{BodyError, Deadline, read_limited};

type Outcome = Result<Arc<AccessToken>, Arc<AuthFailure>>;

/// A token request any number of calls can wait for; whichever polls it drives it, so a caller that
/// gives up never strands the others.
type Fetch = Shared<BoxFuture<'static, Outcome>>;

#[derive(Debug)]
pub(crate) struct ClientCredentials {
    config: Arc<Config>,
    slots: Arc<Slots>,
}

/// What a token request needs, shared with the requests in flight. They hold the slots only weakly,
/// so that a request every caller abandoned never keeps a dropped client alive.
#[derive(Debug)]
struct Config {
    client_id: String,
    client_secret: Secret,
    token_url: Url,
    /// The longest one token request may take (the client's attempt timeout); every caller also
    /// waits no longer than its own attempt deadline.
    fetch_timeout: Duration,
    /// The client secret in every form a server may echo it.
    secret_forms: Redactor,
}

/// The scopes of an operation, as its `OperationInfo` lists them.
type Scopes = &'static [&'static str];

/// One slot per scope set, found by the scopes themselves: no key to format on every call.
type Slots = Mutex<HashMap<Scopes, Slot>>;

#[derive(Default)]
struct Slot {
    cached: Option<Arc<AccessToken>>,
    in_flight: Option<InFlight>,
    generation: u64,
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slot").field("cached", &self.cached).field("in_flight", &self.in_flight.is_some()).finish()
    }
}

struct InFlight {
    generation: u64,
    started: Instant,
    fetch: Fetch,
}

impl ClientCredentials {
    pub(crate) fn new(client_id: String, client_secret: String, token_url: Url, fetch_timeout: Duration) -> Self {
        let mut secret_forms = Redactor::default();
        secret_forms.add(&client_secret);
        let client_secret = Secret::new(client_secret);
        let config = Config { client_id, client_secret, token_url, fetch_timeout, secret_forms };
        Self { config: Arc::new(config), slots: Arc::default() }
    }

    pub(crate) fn client_id(&self) -> &str {
        &self.config.client_id
    }

    pub(crate) fn token_url(&self) -> &Url {
        &self.config.token_url
    }

    /// A valid token for `scopes`: the cached one while fresh, else the outcome of the token request
    /// in flight for these scopes, else of a new one. Callers bound the wait with their deadline.
    pub(crate) async fn token(&self, http: &reqwest::Client, scopes: Scopes) -> Result<Arc<AccessToken>, Failure> {
        let fetch = {
            let mut slots = lock(&self.slots);
            let slot = slots.entry(scopes).or_default();
            if let Some(token) = slot.cached.as_ref().filter(|t| t.is_fresh()) {
                return Ok(token.clone());
            }
            let now = Instant::now();
            match &slot.in_flight {
                // A request older than its own timeout was abandoned by every caller: start afresh.
                Some(flight) if now.saturating_duration_since(flight.started) < self.config.fetch_timeout => {
                    flight.fetch.clone()
                }
                _ => {
                    slot.generation = slot.generation.wrapping_add(1);
                    let generation = slot.generation;
                    let fetch =
                        start(self.config.clone(), Arc::downgrade(&self.slots), http.clone(), scopes, generation);
                    slot.in_flight = Some(InFlight { generation, started: now, fetch: fetch.clone() });
                    fetch
                }
            }
        };
        fetch.await.map_err(|failure| Error::Auth(AuthError::new(failure)))
    }

    /// Forgets `rejected` (the API answered 401 with it) unless another call already replaced it.
    pub(crate) fn invalidate(&self, scopes: Scopes, rejected: &Arc<AccessToken>) {
        let mut slots = lock(&self.slots);
        if let Some(slot) = slots.get_mut(scopes)
            && slot.cached.as_ref().is_some_and(|t| Arc::ptr_eq(t, rejected))
        {
            slot.cached = None;
        }
    }

    /// Blanks out the client secret and every access token the client holds.
    pub(crate) fn redactor(&self) -> Redactor {
        redactor(&self.config, &self.slots)
    }
}

fn lock(slots: &Slots) -> MutexGuard<'_, HashMap<Scopes, Slot>> {
    slots.lock().unwrap_or_else(PoisonError::into_inner)
}

fn redactor(config: &Config, slots: &Slots) -> Redactor {
    let mut redactor = config.secret_forms.clone();
    for slot in lock(slots).values() {
        if let Some(token) = &slot.cached {
            redactor.add(token.value());
        }
    }
    redactor
}

/// The shared token request for `scopes`. When it ends it leaves the slot, and a usable token
/// stays cached, unless a newer request took its place meanwhile (or the client is gone).
fn start(config: Arc<Config>, slots: Weak<Slots>, http: reqwest::Client, scopes: Scopes, generation: u64) -> Fetch {
    async move {
        let held =
            slots.upgrade().map(|slots| redactor(&config, &slots)).unwrap_or_else(|| config.secret_forms.clone());
        let outcome = config.fetch(&http, &scopes.join(" "), &held).await;
        if let Some(slots) = slots.upgrade() {
            let mut slots = lock(&slots);
            if let Some(slot) = slots.get_mut(scopes)
                && slot.in_flight.as_ref().is_some_and(|f| f.generation == generation)
            {
                slot.in_flight = None;
                if let Ok(token) = &outcome
                    && token.is_fresh()
                {
                    slot.cached = Some(token.clone());
                }
            }
        }
        outcome
    }
    .boxed()
    .shared()
}

impl Config {
    /// One token request; `held` blanks out the secret and the tokens the client held when it started.
    async fn fetch(&self, http: &reqwest::Client, scopes: &str, held: &Redactor) -> Outcome {
        tracing::debug!(scopes = %scopes, "fetching an access token");
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
        let requested_at = Instant::now();
        let deadline = Deadline::after(self.fetch_timeout, TimeoutBound::Attempt);
        let answer = match deadline.run(self.post(http, form, held)).await {
            Ok(answer) => answer,
            Err(_) => Err(AuthFailure::timed_out(self.fetch_timeout)),
        };
        let (status, headers, body) = answer.map_err(Arc::new)?;
        token::accept(status, headers, body, requested_at, held).map(Arc::new)
    }

    /// The token request itself: never redirected, and its answer read up to a small limit.
    async fn post(
        &self,
        http: &reqwest::Client,
        form: String,
        held: &Redactor,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, bytes::Bytes), AuthFailure> {
        let mut response = http
            .post(self.token_url.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .body(form)
            .send()
            .await
            .map_err(|e| AuthFailure::unreachable("the token endpoint could not be reached", e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response.headers().get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let target = match location {
                None => "nowhere (no Location)".to_owned(),
                Some(raw) => match self.token_url.join(raw.trim()) {
                    Ok(url) => held.url(&url),
                    Err(_) => format!("{:?} (not a valid URL)", held.text(&raw)),
                },
            };
            return Err(AuthFailure::refused(
                status,
                format!(
                    "the token endpoint answered HTTP {status} with a redirect to {target}; token requests never follow redirects"
                ),
            ));
        }
        // Taken, not cloned: the response needs only its body from here on.
        let headers = std::mem::take(response.headers_mut());
        match read_limited(response, token::TOKEN_RESPONSE_LIMIT).await {
            Ok(body) => Ok((status, headers, body)),
            Err(BodyError::TooLarge { limit, .. }) => Err(AuthFailure::refused(
                status,
                format!("the token response exceeds the {limit}-byte limit for token responses"),
            )),
            Err(BodyError::Transport(e)) => Err(AuthFailure::unreachable("the token response could not be read", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_abandoned_token_request_does_not_keep_a_dropped_client_alive() {
        // Accepts connections (the kernel's backlog) but never answers.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!("http://{}/token", silent.local_addr().unwrap())).unwrap();
        let credentials = ClientCredentials::new("id".into(), "secret".into(), url, Duration::from_secs(30));
        let http = reqwest::Client::new();
        let abandoned = tokio::time::timeout(Duration::from_millis(50), credentials.token(&http, &["s"])).await;
        assert!(abandoned.is_err(), "the request is still in flight");
        assert!(lock(&credentials.slots)[&["s"][..]].in_flight.is_some());

        let (config, slots) = (Arc::downgrade(&credentials.config), Arc::downgrade(&credentials.slots));
        drop(credentials);
        assert!(slots.upgrade().is_none() && config.upgrade().is_none(), "a reference cycle keeps them alive");
    }
}
