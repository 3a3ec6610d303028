//! OAuth2 client credentials: one cached token per scope set, and at most one token request in
//! flight per scope set, whose outcome (token or failure) every waiting call shares.

mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use futures_util::future::{BoxFuture, FutureExt, Shared};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION};
use url::Url;

pub(crate) use self::token::AccessToken;
use crate::body::{BodyError, read_limited};
use crate::deadline::Deadline;
use crate::error::{AuthError, AuthFailure, Error, TimeoutBound};
use crate::redact::{Redactor, Secret};

type Outcome = Result<Arc<AccessToken>, Arc<AuthFailure>>;

/// A token request any number of calls can wait for; whichever polls it drives it, so a caller that
/// gives up never strands the others.
type Fetch = Shared<BoxFuture<'static, Outcome>>;

#[derive(Debug)]
pub(crate) struct ClientCredentials {
    inner: Arc<Credentials>,
}

#[derive(Debug)]
struct Credentials {
    client_id: String,
    client_secret: Secret,
    token_url: Url,
    /// The longest one token request may take (the client's attempt timeout); every caller also
    /// waits no longer than its own attempt deadline.
    fetch_timeout: Duration,
    /// The client secret in every form a server may echo it.
    secret_forms: Redactor,
    slots: Mutex<HashMap<String, Slot>>,
}

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
        let slots = Mutex::new(HashMap::new());
        Self {
            inner: Arc::new(Credentials { client_id, client_secret, token_url, fetch_timeout, secret_forms, slots }),
        }
    }

    pub(crate) fn client_id(&self) -> &str {
        &self.inner.client_id
    }

    pub(crate) fn token_url(&self) -> &Url {
        &self.inner.token_url
    }

    /// A valid token for `scopes`: the cached one while fresh, else the outcome of the token request
    /// in flight for these scopes, else of a new one. Callers bound the wait with their deadline.
    pub(crate) async fn token(&self, http: &reqwest::Client, scopes: &[&str]) -> Result<Arc<AccessToken>, Error> {
        let key = scopes.join(" ");
        let fetch = {
            let mut slots = self.inner.slots();
            let slot = slots.entry(key.clone()).or_default();
            if let Some(token) = slot.cached.as_ref().filter(|t| t.is_fresh()) {
                return Ok(token.clone());
            }
            match &slot.in_flight {
                // A request older than its own timeout was abandoned by every caller: start afresh.
                Some(flight) if flight.started.elapsed() < self.inner.fetch_timeout => flight.fetch.clone(),
                _ => {
                    slot.generation = slot.generation.wrapping_add(1);
                    let fetch = Credentials::start(self.inner.clone(), http.clone(), key, slot.generation);
                    let started = Instant::now();
                    slot.in_flight = Some(InFlight { generation: slot.generation, started, fetch: fetch.clone() });
                    fetch
                }
            }
        };
        fetch.await.map_err(|failure| Error::Auth(AuthError::new(failure)))
    }

    /// Forgets `rejected` (the API answered 401 with it) unless another call already replaced it.
    pub(crate) fn invalidate(&self, scopes: &[&str], rejected: &Arc<AccessToken>) {
        let mut slots = self.inner.slots();
        if let Some(slot) = slots.get_mut(&scopes.join(" "))
            && slot.cached.as_ref().is_some_and(|t| Arc::ptr_eq(t, rejected))
        {
            slot.cached = None;
        }
    }

    /// Blanks out the client secret and every access token the client holds.
    pub(crate) fn redactor(&self) -> Redactor {
        self.inner.redactor()
    }
}

impl Credentials {
    fn slots(&self) -> MutexGuard<'_, HashMap<String, Slot>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn redactor(&self) -> Redactor {
        let mut redactor = self.secret_forms.clone();
        for slot in self.slots().values() {
            if let Some(token) = &slot.cached {
                redactor.add(token.value());
            }
        }
        redactor
    }

    /// The shared token request for `key`. When it ends it leaves the slot, and a usable token
    /// stays cached, unless a newer request took its place meanwhile.
    fn start(credentials: Arc<Self>, http: reqwest::Client, key: String, generation: u64) -> Fetch {
        async move {
            let outcome = credentials.fetch(&http, &key).await;
            let mut slots = credentials.slots();
            if let Some(slot) = slots.get_mut(&key)
                && slot.in_flight.as_ref().is_some_and(|f| f.generation == generation)
            {
                slot.in_flight = None;
                if let Ok(token) = &outcome
                    && token.is_fresh()
                {
                    slot.cached = Some(token.clone());
                }
            }
            outcome
        }
        .boxed()
        .shared()
    }

    async fn fetch(&self, http: &reqwest::Client, scopes: &str) -> Outcome {
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
        let answer = match deadline.run(self.post(http, form)).await {
            Ok(answer) => answer,
            Err(_) => Err(AuthFailure::timed_out(self.fetch_timeout)),
        };
        let (status, headers, body) = answer.map_err(Arc::new)?;
        token::accept(status, headers, body, requested_at, &self.redactor()).map(Arc::new)
    }

    /// The token request itself: never redirected, and its answer read up to a small limit.
    async fn post(
        &self,
        http: &reqwest::Client,
        form: String,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, bytes::Bytes), AuthFailure> {
        let response = http
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
            let redactor = self.redactor();
            let target = match location {
                None => "nowhere (no Location)".to_owned(),
                Some(raw) => match self.token_url.join(raw.trim()) {
                    Ok(url) => crate::redirect::describe(&url, &redactor),
                    Err(_) => format!("{:?} (not a valid URL)", redactor.text(&raw)),
                },
            };
            return Err(AuthFailure::refused(
                status,
                format!(
                    "the token endpoint answered HTTP {status} with a redirect to {target}; token requests never follow redirects"
                ),
            ));
        }
        let headers = response.headers().clone();
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
