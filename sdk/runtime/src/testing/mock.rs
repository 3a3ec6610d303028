//! `MockClient`: the API's server, in process. Its clients are real clients whose transport is the
//! mock (see `http/transport.rs`), so that everything above the socket runs as in production, and
//! the mock answers by its rules: nothing is sent over a network.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use super::operation::MockOperation;
use super::request::SentRequest;
use super::rule::{AnyRule, Offer, Reply, Rule};
use crate::client::{ClientBuilder, FromClient};
use crate::error::{Error, Failure, RequestSent, TransportError};
use crate::http::{CallContext, Respond, SendError};

/// How the mock picks the rule that answers a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum RuleMode {
    /// The first rule, in the order added, that takes the call and has answers left (the default).
    #[default]
    FirstMatch,
    /// The rules answer one after the other: the first rule with answers left must take the call,
    /// or the call fails saying which rule expected what. A rule moves on when its answers are all
    /// given (never, after `repeatedly()`).
    InOrder,
}

/// A mock of the API's server, and the clients that talk to it: real clients of the generated crate
/// (retries, timeouts, interceptors, auth, pagination and decoding run as in production), whose
/// requests the mock answers in process by its [`Rule`]s, without a socket.
///
/// Add the generated crate's rules (`testing::mock::<operation>()`) with [`rule`](Self::rule), build
/// clients with [`build`](Self::build) (or configure one first with [`builder`](Self::builder)), and
/// once the code under test has run, [`assert_all_used`](Self::assert_all_used).
///
/// A call no rule answers fails with [`Error::InvalidRequest`] naming the operation, its method,
/// path and query, and each rule tried with why it did not answer; so does a call whose matcher or
/// output panics, or whose answer cannot be given (naming the rule). None of them panics or
/// hangs. Token requests (a client with `client_credentials`) are answered with a fresh token each
/// (`mock-token-1`, ...), counted by [`token_requests`](Self::token_requests).
///
/// Part of the `test-util` feature, outside the semver promise.
pub struct MockClient<C> {
    server: Arc<Server>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for MockClient<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.server, f)
    }
}

impl<C: FromClient> Default for MockClient<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: FromClient> MockClient<C> {
    /// A mock without rules, answering in [`RuleMode::FirstMatch`].
    pub fn new() -> Self {
        Self { server: Arc::default(), client: PhantomData }
    }

    /// Adds `rule` after the others. The mock shares it: its calls count in `rule` and its clones.
    pub fn rule<P: MockOperation>(self, rule: &Rule<P>) -> Self {
        self.server.state().rules.push(rule.erased());
        self
    }

    /// How the mock picks the rule that answers a call (default [`RuleMode::FirstMatch`]).
    pub fn mode(self, mode: RuleMode) -> Self {
        self.server.state().mode = mode;
        self
    }

    /// A client builder whose clients this mock answers, with the API's defaults: add the settings
    /// the code under test uses (retry policy, timeouts, interceptors, client credentials...). Its
    /// `build()` refuses the settings of an HTTP client (`http_client`, `reqwest_client`,
    /// `connect_timeout`), which a mock has no use for.
    pub fn builder(&self) -> ClientBuilder<C> {
        ClientBuilder::new().mock(self.server.clone())
    }

    /// A client this mock answers, with every setting at its default. Fails only as the API's
    /// default settings would (a default server URL that is not absolute: set one with
    /// [`builder`](Self::builder)).
    pub fn build(&self) -> Result<C, Error<C::ErrorBody>> {
        self.builder().build()
    }

    /// Every request the mock received so far, in order, as sent: to check what the code under test
    /// sent (a header, a body...).
    pub fn requests(&self) -> Vec<SentRequest> {
        self.server.state().requests.clone()
    }

    /// The token requests the mock answered.
    pub fn token_requests(&self) -> usize {
        self.server.state().requests.iter().filter(|r| r.is_token_request()).count()
    }

    /// `Ok` when every rule gave all its answers (a `repeatedly()` answer at least once), no rule
    /// was built wrong, and every call found its answer; otherwise each problem, naming the rule
    /// and its operation, or the call.
    pub fn check(&self) -> Result<(), MockError> {
        let (rules, failures) = {
            let state = self.server.state();
            (state.rules.clone(), state.failures.clone())
        };
        let mut problems = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let label = label(index, rule.as_ref());
            problems.extend(rule.unfinished().into_iter().map(|problem| format!("{label}: {problem}")));
        }
        problems.extend(failures);
        if problems.is_empty() { Ok(()) } else { Err(MockError { problems }) }
    }

    /// Panics with the problems [`check`](Self::check) finds: the assertion that ends a test.
    #[track_caller]
    #[allow(clippy::panic, reason = "an assertion, called by a test to fail it")]
    pub fn assert_all_used(&self) {
        if let Err(error) = self.check() {
            panic!("{error}");
        }
    }
}

/// What [`MockClient::check`] found: rules whose answers were not all given or that were built
/// wrong, and calls no rule answered.
#[derive(Debug, Clone)]
pub struct MockError {
    problems: Vec<String>,
}

impl MockError {
    /// One sentence per problem.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock was not used as the test set it up:")?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MockError {}

/// The mock's state, shared by its clients.
#[derive(Default)]
pub(crate) struct Server {
    state: Mutex<ServerState>,
}

#[derive(Default)]
struct ServerState {
    rules: Vec<Arc<dyn AnyRule>>,
    mode: RuleMode,
    requests: Vec<SentRequest>,
    /// The calls that failed for want of an answer, as their errors said.
    failures: Vec<String>,
}

impl Server {
    fn state(&self) -> MutexGuard<'_, ServerState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The rule that answers `request`, or the failure of the call.
    fn route(&self, call: CallContext<'_>, request: &SentRequest) -> Result<Reply, Failure> {
        // Matchers run without the mock's lock: one may use the mock itself.
        let (rules, mode) = {
            let state = self.state();
            (state.rules.clone(), state.mode)
        };
        let mut tried = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let label = label(index, rule.as_ref());
            if mode == RuleMode::InOrder
                && let Some(reason) = rule.used_up()
            {
                tried.push(format!("{label}: {reason}"));
                continue;
            }
            let why = match rule.offer(call, request, &label) {
                Offer::Taken(reply) => return Ok(reply),
                Offer::Failed(failure) => return Err(self.failed(failure)),
                Offer::Elsewhere => "another operation".to_owned(),
                Offer::Declined => "its matcher did not take the request".to_owned(),
                Offer::UsedUp(reason) => reason,
            };
            tried.push(format!("{label}: {why}"));
            if mode == RuleMode::InOrder {
                let message = format!(
                    "mock (rules in order): {label} expected the next call, not {} ({}): {why}",
                    call.operation_id,
                    request.line()
                );
                return Err(self.failed(Error::invalid(message)));
            }
        }
        let tried = if tried.is_empty() { "the mock has no rules".to_owned() } else { tried.join("; ") };
        let message = format!("mock: no rule answers {} ({}); tried: {tried}", call.operation_id, request.line());
        Err(self.failed(Error::invalid(message)))
    }

    /// Records the failure of a call for `check`, and returns it.
    fn failed(&self, failure: Failure) -> Failure {
        self.state().failures.push(failure.to_string());
        failure
    }

    /// A fresh token for each token request.
    fn token(&self) -> (StatusCode, HeaderMap, Bytes) {
        let count = self.state().requests.iter().filter(|r| r.is_token_request()).count();
        let body = format!(r#"{{"access_token":"mock-token-{count}","token_type":"Bearer","expires_in":3600}}"#);
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        (StatusCode::OK, headers, Bytes::from(body))
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        let rules: Vec<String> =
            state.rules.iter().enumerate().map(|(index, rule)| label(index, rule.as_ref())).collect();
        f.debug_struct("MockClient")
            .field("rules", &rules)
            .field("mode", &state.mode)
            .field("requests", &state.requests.len())
            .finish_non_exhaustive()
    }
}

impl Respond for Server {
    fn respond<'a>(
        &'a self,
        request: reqwest::Request,
        call: Option<CallContext<'a>>,
    ) -> BoxFuture<'a, Result<reqwest::Response, SendError>> {
        Box::pin(async move {
            let request = SentRequest::read(request, call.map(|call| call.operation_id))
                .await
                // A streamed body that failed while it was read: as in production, how much went out
                // is not known.
                .map_err(|e| SendError::Mock(Error::Transport(TransportError::other(RequestSent::Unknown, e))))?;
            self.state().requests.push(request.clone());
            let Some(call) = call else { return Ok(response(self.token())) };
            let Reply { delay, answer } = self.route(call, &request).map_err(SendError::Mock)?;
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            answer.map(response).map_err(SendError::Mock)
        })
    }
}

/// A response as the HTTP client would hand it over.
fn response((status, headers, body): (StatusCode, HeaderMap, Bytes)) -> reqwest::Response {
    let mut response = http::Response::new(reqwest::Body::from(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}

/// How the mock's messages name a rule: its place, operation and name.
fn label(index: usize, rule: &dyn AnyRule) -> String {
    match rule.name() {
        Some(name) => format!("rule #{} `{}` ({name:?})", index + 1, rule.operation()),
        None => format!("rule #{} `{}`", index + 1, rule.operation()),
    }
}
