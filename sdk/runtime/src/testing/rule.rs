//! `Rule`: what the mock answers to the calls of one operation, typed by the operation's
//! parameters and output, and counting its calls.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

use super::operation::MockOperation;
use super::request::SentRequest;
use crate::error::{Error, Failure, RequestSent, TransportError};
use crate::http::CallContext;

type Matcher<P> = Arc<dyn Fn(&P) -> bool + Send + Sync>;
type HttpMatcher = Arc<dyn Fn(&SentRequest) -> bool + Send + Sync>;
type Output<P> = Arc<dyn Fn(&P) -> <P as crate::request::Operation>::Output + Send + Sync>;

/// What the mock answers to the calls of one operation: start one from the generated
/// `testing::mock::<operation>()`, narrow the calls it takes with `match_request` (the typed
/// parameters) and `match_http` (the request as sent), then give its answers in order, each once
/// unless `times(n)` or `repeatedly()` says otherwise.
///
/// ```text
/// mock::get_workflow()
///     .match_request(|request| request.flow_id() == "w1")
///     .then_status(StatusCode::SERVICE_UNAVAILABLE).times(2)   // the first two calls
///     .then_output(|| workflow("w1"))                          // the third
/// ```
///
/// A clone is the same rule: it shares the answers and the count of calls, so keep one to check
/// [`calls`](Self::calls) after handing it to the mock.
///
/// Each answer goes through everything the client does with a response in production: the status
/// and headers through the interceptors and the retry policy, the body through the operation's
/// decoding, under the client's size limit and deadlines. Part of the `test-util` feature, outside
/// the semver promise.
pub struct Rule<P: MockOperation> {
    shared: Arc<Mutex<State<P>>>,
}

struct State<P: MockOperation> {
    name: Option<String>,
    matchers: Vec<Matcher<P>>,
    http_matchers: Vec<HttpMatcher>,
    steps: Vec<Step<P>>,
    /// The calls the rule answered.
    calls: usize,
    /// A builder method that had nothing to apply to (`times` before any answer, ...).
    problems: Vec<String>,
}

struct Step<P: MockOperation> {
    answer: Answer<P>,
    /// `None`: every call from this answer on.
    times: Option<usize>,
    delay: Option<Duration>,
}

impl<P: MockOperation> Clone for Step<P> {
    fn clone(&self) -> Self {
        Self { answer: self.answer.clone(), times: self.times, delay: self.delay }
    }
}

enum Answer<P: MockOperation> {
    Output(Output<P>),
    Response {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    Transport {
        connect: bool,
    },
    /// An answer that cannot be given, and why: the call that reaches it fails with that.
    Invalid(String),
}

impl<P: MockOperation> Clone for Answer<P> {
    fn clone(&self) -> Self {
        match self {
            Self::Output(output) => Self::Output(output.clone()),
            Self::Response { status, headers, body } => {
                Self::Response { status: *status, headers: headers.clone(), body: body.clone() }
            }
            Self::Transport { connect } => Self::Transport { connect: *connect },
            Self::Invalid(reason) => Self::Invalid(reason.clone()),
        }
    }
}

impl<P: MockOperation> Clone for Rule<P> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone() }
    }
}

impl<P: MockOperation> fmt::Debug for Rule<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Rule")
            .field("operation", &P::METHOD)
            .field("name", &state.name)
            .field("answers", &state.steps.len())
            .field("calls", &state.calls)
            .finish_non_exhaustive()
    }
}

impl<P: MockOperation> Rule<P> {
    /// A rule of the operation `P` taking every call of it, without answers yet: what the
    /// generated `testing::mock::<operation>()` returns.
    #[doc(hidden)]
    pub fn new() -> Self {
        let state = State {
            name: None,
            matchers: Vec::new(),
            http_matchers: Vec::new(),
            steps: Vec::new(),
            calls: 0,
            problems: Vec::new(),
        };
        Self { shared: Arc::new(Mutex::new(state)) }
    }

    fn state(&self) -> MutexGuard<'_, State<P>> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(self, answer: Answer<P>) -> Self {
        {
            let mut state = self.state();
            if state.steps.last().is_some_and(|step| step.times.is_none()) {
                state.problems.push("an answer after `repeatedly()` is never given".to_owned());
            }
            state.steps.push(Step { answer, times: Some(1), delay: None });
        }
        self
    }

    /// A name for the mock's messages (which otherwise name the rule by its operation and its
    /// place in the mock).
    pub fn named(self, name: impl Into<String>) -> Self {
        self.state().name = Some(name.into());
        self
    }

    /// Takes only the calls whose parameters `matcher` accepts: it reads them through the
    /// parameters' accessors (path, query and header parameters, the body as its model). Several
    /// matchers must all accept. A matcher that panics fails the call with
    /// [`Error::InvalidRequest`] naming the rule and the operation.
    pub fn match_request(self, matcher: impl Fn(&P) -> bool + Send + Sync + 'static) -> Self {
        self.state().matchers.push(Arc::new(matcher));
        self
    }

    /// Takes only the calls whose request, as sent, `matcher` accepts: its headers (those of the
    /// call and of interceptors too), URL or body bytes.
    pub fn match_http(self, matcher: impl Fn(&SentRequest) -> bool + Send + Sync + 'static) -> Self {
        self.state().http_matchers.push(Arc::new(matcher));
        self
    }

    /// Answers with the operation's output `output()` returns, sent as the server would (its JSON,
    /// with the status of the operation's documented success response) and decoded by the client.
    /// An output that does not serialize fails the call with [`Error::InvalidRequest`] naming the
    /// rule.
    pub fn then_output(self, output: impl Fn() -> P::Output + Send + Sync + 'static) -> Self {
        self.push(Answer::Output(Arc::new(move |_: &P| output())))
    }

    /// Answers with an output made from the call's parameters (an echo of the body, the page a
    /// cursor asks for...), as [`then_output`](Self::then_output) sends it.
    pub fn then_output_from(self, output: impl Fn(&P) -> P::Output + Send + Sync + 'static) -> Self {
        self.push(Answer::Output(Arc::new(output)))
    }

    /// Answers `status` (4xx or 5xx) with the error body the operation documents for it, as JSON:
    /// the call returns the [`Error::Api`] production would. A status the operation documents no
    /// such body for, or one that is not an error, fails the call with [`Error::InvalidRequest`]
    /// saying so (answer it with [`then_response`](Self::then_response) to see what production
    /// does with an undocumented answer).
    pub fn then_error(self, status: StatusCode, body: P::ErrorBody) -> Self
    where
        P::ErrorBody: serde::Serialize,
    {
        let answer = match error_answer::<P>(status, &body) {
            Ok(body) => Answer::Response { status, headers: json_headers(), body },
            Err(reason) => Answer::Invalid(reason),
        };
        self.push(answer)
    }

    /// Answers `status` without a body (a 503 to retry, a 401 to refresh the token, a 204...).
    pub fn then_status(self, status: StatusCode) -> Self {
        self.then_response(status, HeaderMap::new(), Bytes::new())
    }

    /// Answers `status` with `headers` and `body` as they are: an undocumented answer, a proxy's
    /// HTML page, a body that does not decode, a `Retry-After`...
    pub fn then_response(self, status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        self.push(Answer::Response { status, headers, body: body.into() })
    }

    /// Fails the request in transit, once sent whole (a connection reset before the answer): an
    /// [`Error::Transport`] whose [`request_sent`](crate::TransportError::request_sent) is
    /// [`RequestSent::Whole`](crate::RequestSent::Whole), which the server may have acted on, retried
    /// as the policy says (not for a POST by default).
    pub fn then_transport_error(self) -> Self {
        self.push(Answer::Transport { connect: false })
    }

    /// Fails to connect: nothing reached the server
    /// ([`TransportError::is_connect`](crate::TransportError::is_connect) is `true`, and
    /// [`request_sent`](crate::TransportError::request_sent) is
    /// [`RequestSent::Nothing`](crate::RequestSent::Nothing)), so that any method may be retried.
    pub fn then_connect_error(self) -> Self {
        self.push(Answer::Transport { connect: true })
    }

    /// Gives the last answer `n` times in all (each answer is given once otherwise).
    pub fn times(self, n: usize) -> Self {
        self.last_step("times", |step| step.times = Some(n))
    }

    /// Gives the last answer to every call from then on: the rule is never used up.
    pub fn repeatedly(self) -> Self {
        self.last_step("repeatedly", |step| step.times = None)
    }

    /// Gives the last answer after `delay`, as a slow server would: the client's attempt timeout
    /// runs meanwhile. With tokio's paused clock (`#[tokio::test(start_paused = true)]`) the wait
    /// takes no real time.
    pub fn delayed(self, delay: Duration) -> Self {
        self.last_step("delayed", |step| step.delay = Some(delay))
    }

    fn last_step(self, method: &str, change: impl FnOnce(&mut Step<P>)) -> Self {
        {
            let mut state = self.state();
            match state.steps.last_mut() {
                Some(step) => change(step),
                None => {
                    state.problems.push(format!("`{method}()` before any answer (`then_...`) has nothing to apply to"))
                }
            }
        }
        self
    }

    /// The calls the rule answered so far (a retried call counts once per attempt it answered).
    pub fn calls(&self) -> usize {
        self.state().calls
    }
}

impl<P: MockOperation> Default for Rule<P> {
    fn default() -> Self {
        Self::new()
    }
}

/// The body of `then_error`, if the operation documents it for `status`.
fn error_answer<P: MockOperation>(status: StatusCode, body: &P::ErrorBody) -> Result<Bytes, String>
where
    P::ErrorBody: serde::Serialize,
{
    if !(status.is_client_error() || status.is_server_error()) {
        return Err(format!("`then_error` needs a 4xx or 5xx status, not {status}; use `then_response`"));
    }
    let bytes = serde_json::to_vec(body).map_err(|e| format!("its error body cannot be serialized: {e}"))?;
    match P::decode_error(status, &bytes) {
        Some(Ok(_)) => Ok(Bytes::from(bytes)),
        _ => Err(format!(
            "{} documents no such error body for HTTP {status}, so the client would return \
             Error::UnexpectedStatus; use `then_response` to answer it anyway",
            P::METHOD
        )),
    }
}

fn json_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers
}

/// The step that answers call number `call` (from 0), if any is left.
fn step_for<P: MockOperation>(steps: &[Step<P>], call: usize) -> Option<&Step<P>> {
    let mut before = 0usize;
    for step in steps {
        match step.times {
            None => return Some(step),
            Some(n) if call < before.saturating_add(n) => return Some(step),
            Some(n) => before = before.saturating_add(n),
        }
    }
    None
}

/// Why a rule gives no more answers.
fn used_up<P: MockOperation>(steps: &[Step<P>], calls: usize) -> String {
    match steps.len() {
        0 => "it has no answer (`then_...`)".to_owned(),
        _ => format!("used up: it gave all its {calls} answer(s)"),
    }
}

/// How a rule takes a request.
pub(crate) enum Offer {
    /// Another operation's request, or one to another method or path (a redirect followed).
    Elsewhere,
    /// This operation's, but a matcher refused it.
    Declined,
    /// Every answer is given.
    UsedUp(String),
    /// The call fails with this: a matcher panicked.
    Failed(Failure),
    /// The rule answers.
    Taken(Reply),
}

/// What the mock sends back, after the delay.
pub(crate) struct Reply {
    pub(crate) delay: Option<Duration>,
    pub(crate) answer: Result<(StatusCode, HeaderMap, Bytes), Failure>,
}

/// What the mock sees of a rule, whatever its operation.
pub(crate) trait AnyRule: Send + Sync {
    /// The client method of its operation.
    fn operation(&self) -> &'static str;
    fn name(&self) -> Option<String>;
    /// `Some(reason)` when every answer is given.
    fn used_up(&self) -> Option<String>;
    /// Whether the rule takes `request` of `call`, and its answer if it does; `label` names the
    /// rule in messages.
    fn offer(&self, call: CallContext<'_>, request: &SentRequest, label: &str) -> Offer;
    /// What a finished test should know: answers never given, and mistakes in building the rule.
    fn unfinished(&self) -> Vec<String>;
}

impl<P: MockOperation> Rule<P> {
    /// The rule, for the mock.
    pub(crate) fn erased(&self) -> Arc<dyn AnyRule> {
        Arc::new(self.clone())
    }
}

impl<P: MockOperation> AnyRule for Rule<P> {
    fn operation(&self) -> &'static str {
        P::METHOD
    }

    fn name(&self) -> Option<String> {
        self.state().name.clone()
    }

    fn used_up(&self) -> Option<String> {
        let state = self.state();
        step_for(&state.steps, state.calls).is_none().then(|| used_up(&state.steps, state.calls))
    }

    fn offer(&self, call: CallContext<'_>, request: &SentRequest, label: &str) -> Offer {
        let Some(params) = call.params.downcast_ref::<P>() else { return Offer::Elsewhere };
        if request.method() != P::INFO.method.as_str() || !path_matches(P::INFO.path, request.path()) {
            return Offer::Elsewhere;
        }
        // The matchers first, so that a rule used up says so only of the calls it would take. They run
        // outside the lock: a matcher may read the rule (its `calls()`), and one that panics
        // must not poison it.
        let (matchers, http_matchers) = {
            let state = self.state();
            (state.matchers.clone(), state.http_matchers.clone())
        };
        let accepted = catch_unwind(AssertUnwindSafe(|| {
            matchers.iter().all(|matcher| matcher(params)) && http_matchers.iter().all(|matcher| matcher(request))
        }));
        match accepted {
            Ok(true) => {}
            Ok(false) => return Offer::Declined,
            Err(panic) => {
                return Offer::Failed(Error::invalid(format!(
                    "mock: the matcher of {label} panicked on {} ({}): {}",
                    call.operation_id,
                    request.line(),
                    panic_message(&panic)
                )));
            }
        }
        let step = {
            let mut state = self.state();
            let Some(step) = step_for(&state.steps, state.calls).cloned() else {
                return Offer::UsedUp(used_up(&state.steps, state.calls));
            };
            state.calls += 1;
            step
        };
        Offer::Taken(Reply { delay: step.delay, answer: answer(step.answer, params, label, call.operation_id) })
    }

    fn unfinished(&self) -> Vec<String> {
        let state = self.state();
        let mut found = state.problems.clone();
        if state.steps.is_empty() {
            found.push("it has no answer (`then_...`)".to_owned());
        }
        for step in &state.steps {
            if let Answer::Invalid(reason) = &step.answer {
                found.push(format!("an answer cannot be given: {reason}"));
            }
        }
        let total: Option<usize> =
            state.steps.iter().try_fold(0usize, |sum, step| step.times.map(|n| sum.saturating_add(n)));
        // A repeated answer needs one call to count as used.
        let needed = total.unwrap_or_else(|| {
            state.steps.iter().filter_map(|s| s.times).fold(0usize, usize::saturating_add).saturating_add(1)
        });
        if state.calls == 0 && needed > 0 {
            found.push("it was never used".to_owned());
        } else if state.calls < needed {
            found.push(format!("it gave {} of its {needed} answer(s)", state.calls));
        }
        found
    }
}

/// The response of one answer, or the failure the call gets instead.
fn answer<P: MockOperation>(
    answer: Answer<P>,
    params: &P,
    label: &str,
    operation_id: &str,
) -> Result<(StatusCode, HeaderMap, Bytes), Failure> {
    match answer {
        Answer::Output(output) => {
            let output = catch_unwind(AssertUnwindSafe(|| output(params))).map_err(|panic| {
                Error::invalid(format!(
                    "mock: the output of {label} panicked on {operation_id}: {}",
                    panic_message(&panic)
                ))
            })?;
            let encoded = P::encode_output(&output).map_err(|e| {
                Error::invalid(format!("mock: the output of {label} for {operation_id} cannot be serialized: {e}"))
            })?;
            let status = StatusCode::from_u16(P::SUCCESS_STATUS).unwrap_or(StatusCode::OK);
            let mut headers = HeaderMap::new();
            // From the spec's media type, which a header may not take as it is: then none is sent,
            // as the client decodes by the media type it chose, not by this header.
            if let Some(value) = encoded.content_type.and_then(|media| HeaderValue::from_str(media).ok()) {
                headers.insert(CONTENT_TYPE, value);
            }
            Ok((status, headers, encoded.body))
        }
        Answer::Response { status, headers, body } => Ok((status, headers, body)),
        Answer::Transport { connect } => {
            let what = if connect { "refused the connection" } else { "failed the request in transit" };
            let source = MockFault(format!("{label} {what}"));
            let sent = if connect { RequestSent::Nothing } else { RequestSent::Whole };
            Err(Error::Transport(TransportError::other(sent, Box::new(source))))
        }
        Answer::Invalid(reason) => Err(Error::invalid(format!("mock: {label} cannot answer {operation_id}: {reason}"))),
    }
}

/// Whether `path` (as sent, under the client's base path) ends with the segments of `template`,
/// a `{parameter}` standing for any one non-empty segment.
fn path_matches(template: &str, path: &str) -> bool {
    let expected: Vec<&str> = template.trim_matches('/').split('/').collect();
    let sent: Vec<&str> = path.trim_matches('/').split('/').collect();
    if sent.len() < expected.len() {
        return false;
    }
    let tail = &sent[sent.len() - expected.len()..];
    expected.iter().zip(tail).all(|(expected, sent)| {
        if expected.contains('{') {
            !sent.is_empty()
        } else {
            percent_encoding::percent_decode_str(sent).decode_utf8_lossy() == *expected
        }
    })
}

/// What a panic said, when it said it with a string.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".to_owned())
}

/// The source of a transport failure a rule asked for.
#[derive(Debug)]
struct MockFault(String);

impl fmt::Display for MockFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mock: {}", self.0)
    }
}

impl std::error::Error for MockFault {}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn paths_match_their_template_under_any_prefix() {
        assert!(path_matches("/v2/workflows/{flowId}", "/api/orchestration/v2/workflows/w1"));
        assert!(path_matches("/v2/workflows/{flowId}", "/v2/workflows/a%2Fb"));
        assert!(path_matches("/v2/_info", "/v2/_info"));
        assert!(!path_matches("/v2/workflows/{flowId}", "/v2/workflows"));
        assert!(!path_matches("/v2/workflows/{flowId}", "/v2/triggers/w1"));
        assert!(!path_matches("/v2/workflows/{flowId}/instances", "/v2/workflows/w1/other"));
    }
}
