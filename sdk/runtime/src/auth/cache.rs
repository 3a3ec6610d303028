//! One cached token per scope set, and at most one fetch in flight per scope set, whose outcome
//! (token or failure) every waiting call shares, whatever the tokens come from.

use std::collections::HashMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

use futures_util::future::{BoxFuture, FutureExt, Shared};
use url::Url;

use super::Scopes;
use super::client_credentials::ClientCredentials;
use super::provider::SharedProvider;
use super::token::{AccessToken, MAX_LIFETIME};
use crate::error::redact::Redactor;
use crate::error::{AuthError, AuthFailure, Error, Failure, TimeoutBound};
use crate::http::{Deadline, Transport};

pub(super) type Outcome = Result<Arc<AccessToken>, Arc<AuthFailure>>;

/// A fetch any number of calls can wait for; whichever polls it drives it, so a caller that gives up
/// never strands the others.
type Fetch = Shared<BoxFuture<'static, Outcome>>;

/// Where fresh tokens come from.
pub(crate) enum Source {
    /// A token request to the token endpoint (OAuth2 client credentials).
    ClientCredentials(ClientCredentials),
    /// The caller's provider.
    Provider(SharedProvider),
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ClientCredentials(credentials) => fmt::Debug::fmt(credentials, f),
            Self::Provider(provider) => f.debug_tuple("TokenProvider").field(&provider.dyn_name()).finish(),
        }
    }
}

impl Source {
    pub(super) fn token_url(&self) -> Option<&Url> {
        match self {
            Self::ClientCredentials(credentials) => Some(credentials.token_url()),
            Self::Provider(_) => None,
        }
    }

    /// The secrets of the source itself (the client secret), in every form a server may echo them.
    fn secrets(&self) -> Redactor {
        match self {
            Self::ClientCredentials(credentials) => credentials.secret_forms().clone(),
            Self::Provider(_) => Redactor::default(),
        }
    }

    /// One fresh token; `held` blanks out the secrets the client held when the fetch started.
    async fn fetch(&self, transport: &Transport, scopes: Scopes, held: &Redactor) -> Outcome {
        match self {
            Self::ClientCredentials(credentials) => credentials.fetch(transport, scopes, held).await,
            Self::Provider(provider) => {
                tracing::debug!(scopes = %scopes.join(" "), "asking the token provider for an access token");
                let requested_at = Instant::now();
                // A panic would poison the fetch every waiting call shares, and fail them all for as
                // long as it stays in flight: it becomes their error instead.
                let token = AssertUnwindSafe(provider.dyn_token(scopes))
                    .catch_unwind()
                    .await
                    .map_err(|_| Arc::new(AuthFailure::provider("the token provider panicked".into())))?
                    .map_err(|e| Arc::new(AuthFailure::provider(e)))?;
                let (value, lifetime) = token.into_parts();
                AccessToken::new(value, Some(lifetime.unwrap_or(MAX_LIFETIME)), requested_at)
                    .map(Arc::new)
                    .map_err(|reason| Arc::new(AuthFailure::unusable_from_provider(reason)))
            }
        }
    }

    /// What a token comes from, as a timeout names it.
    fn what(&self) -> &'static str {
        match self {
            Self::ClientCredentials(_) => "the token endpoint",
            Self::Provider(_) => "the token provider",
        }
    }
}

pub(crate) struct TokenCache {
    source: Arc<Source>,
    slots: Arc<Slots>,
    /// The longest one fetch may take (the client's attempt timeout); every caller also waits no
    /// longer than its own attempt deadline.
    fetch_timeout: Duration,
}

/// One slot per scope set, found by the scopes themselves: no key to format on every call.
type Slots = Mutex<HashMap<Scopes, Slot>>;

#[derive(Default)]
struct Slot {
    cached: Option<Arc<AccessToken>>,
    in_flight: Option<InFlight>,
    generation: u64,
}

struct InFlight {
    generation: u64,
    started: Instant,
    fetch: Fetch,
}

impl TokenCache {
    pub(super) fn new(source: Source, fetch_timeout: Duration) -> Self {
        Self { source: Arc::new(source), slots: Arc::default(), fetch_timeout }
    }

    pub(super) fn source(&self) -> &Source {
        &self.source
    }

    /// A valid token for `scopes`: the cached one while fresh, else the outcome of the fetch in
    /// flight for these scopes, else of a new one. Callers bound the wait with their deadline.
    pub(super) async fn token(&self, transport: &Transport, scopes: Scopes) -> Result<Arc<AccessToken>, Failure> {
        let fetch = {
            let mut slots = lock(&self.slots);
            let slot = slots.entry(scopes).or_default();
            if let Some(token) = slot.cached.as_ref().filter(|t| t.is_fresh()) {
                return Ok(token.clone());
            }
            let now = Instant::now();
            match &slot.in_flight {
                // A fetch older than its own timeout was abandoned by every caller: start afresh.
                Some(flight) if now.saturating_duration_since(flight.started) < self.fetch_timeout => {
                    flight.fetch.clone()
                }
                _ => {
                    slot.generation = slot.generation.wrapping_add(1);
                    let generation = slot.generation;
                    let fetch = self.start(transport.clone(), scopes, generation);
                    slot.in_flight = Some(InFlight { generation, started: now, fetch: fetch.clone() });
                    fetch
                }
            }
        };
        fetch.await.map_err(|failure| Error::Auth(AuthError::new(failure)))
    }

    /// Forgets `rejected` (the API answered 401 with it) unless another call already replaced it.
    pub(super) fn invalidate(&self, scopes: Scopes, rejected: &Arc<AccessToken>) {
        let mut slots = lock(&self.slots);
        if let Some(slot) = slots.get_mut(scopes)
            && slot.cached.as_ref().is_some_and(|t| Arc::ptr_eq(t, rejected))
        {
            slot.cached = None;
        }
    }

    /// Blanks out the source's secret and every access token the client holds.
    pub(super) fn redactor(&self) -> Redactor {
        redactor(&self.source, &self.slots)
    }

    /// The shared fetch for `scopes`, bounded by the fetch timeout. When it ends it leaves the slot,
    /// and a usable token stays cached, unless a newer fetch took its place meanwhile (or the client
    /// is gone). The fetch holds the slots only weakly, so that a fetch every caller abandoned never
    /// keeps a dropped client alive.
    fn start(&self, transport: Transport, scopes: Scopes, generation: u64) -> Fetch {
        let (source, slots, limit) = (self.source.clone(), Arc::downgrade(&self.slots), self.fetch_timeout);
        async move {
            let held = slots.upgrade().map_or_else(|| source.secrets(), |slots| redactor(&source, &slots));
            let deadline = Deadline::after(limit, TimeoutBound::Attempt);
            let outcome = match deadline.run(source.fetch(&transport, scopes, &held)).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Arc::new(AuthFailure::timed_out(source.what(), limit))),
            };
            settle(&slots, scopes, generation, &outcome);
            outcome
        }
        .boxed()
        .shared()
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache").field("source", &self.source).finish_non_exhaustive()
    }
}

fn settle(slots: &Weak<Slots>, scopes: Scopes, generation: u64, outcome: &Outcome) {
    let Some(slots) = slots.upgrade() else { return };
    let mut slots = lock(&slots);
    if let Some(slot) = slots.get_mut(scopes)
        && slot.in_flight.as_ref().is_some_and(|f| f.generation == generation)
    {
        slot.in_flight = None;
        if let Ok(token) = outcome
            && token.is_fresh()
        {
            slot.cached = Some(token.clone());
        }
    }
}

fn lock(slots: &Slots) -> MutexGuard<'_, HashMap<Scopes, Slot>> {
    slots.lock().unwrap_or_else(PoisonError::into_inner)
}

fn redactor(source: &Source, slots: &Slots) -> Redactor {
    let mut redactor = source.secrets();
    for slot in lock(slots).values() {
        if let Some(token) = &slot.cached {
            redactor.add(token.value());
        }
    }
    redactor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_abandoned_fetch_does_not_keep_a_dropped_client_alive() {
        // Accepts connections (the kernel's backlog) but never answers.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!("http://{}/token", silent.local_addr().unwrap())).unwrap();
        let credentials = ClientCredentials::new("id".into(), "secret".into(), url);
        let cache = TokenCache::new(Source::ClientCredentials(credentials), Duration::from_secs(30));
        let transport = Transport::Own(reqwest::Client::new());
        let abandoned = tokio::time::timeout(Duration::from_millis(50), cache.token(&transport, &["s"])).await;
        assert!(abandoned.is_err(), "the request is still in flight");
        assert!(lock(&cache.slots)[&["s"][..]].in_flight.is_some());

        let (source, slots) = (Arc::downgrade(&cache.source), Arc::downgrade(&cache.slots));
        drop(cache);
        assert!(slots.upgrade().is_none() && source.upgrade().is_none(), "a reference cycle keeps them alive");
    }
}
