//! Sending one call: the URL and headers of the wire contract, the operation deadline and one
//! deadline per attempt, retries, the tracing span, and sorting the final response into a value or
//! an error.
//!
//! The loop does not depend on the operation's types: whether to retry depends only on the status
//! and headers of a response (or on the failure), so it runs once, compiled here, for every
//! operation of every generated crate; only [`classify`] is generic.

use std::sync::{Mutex, PoisonError};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use tracing::Instrument;
use tracing::field::Empty;

use super::classify::FailedAttempt;
use super::intercept::{CallOutcome, CallState, Interceptors, SentSecrets};
use super::parts::{Content, Payload, RequestParts};
use super::progress::Progress;
use super::received::Received;
use super::{CallOptions, Method, OperationInfo, RetryPolicy, Sender, request_id};
use crate::auth::AccessToken;
use crate::error::redact::Redactor;
use crate::error::{
    ApiError, BoxError, DecodeError, Error, Failure, InvalidRequest, KeptResponse, TimeoutBound, UnexpectedStatus,
};
use crate::http::{Chunks, Deadline, tracked, upload};
use crate::response::ResponseValue;

/// Decodes a success body: the operation's `Operation::decode`.
pub(crate) type Decode<T> = fn(Bytes) -> Result<T, BoxError>;
/// Decodes a failure body with its status: the operation's `Operation::decode_error`.
pub(crate) type DecodeFailure<E> = fn(StatusCode, &[u8]) -> Option<Result<E, serde_json::Error>>;

/// A span named `$name` with OpenTelemetry's HTTP client attributes (stable semantic conventions)
/// for `$info` sent to `$sender`'s server, `$fields` after the kind; the response's are recorded
/// later. `otel.kind` is what `tracing-opentelemetry` reads as the span kind. A macro because a span's
/// field names are fixed where it is made.
macro_rules! client_span {
    ($name:literal, $sender:expr, $info:expr, $($fields:tt)*) => {{
        let (address, port) = $sender.server();
        tracing::info_span!(
            $name,
            otel.kind = "client",
            $($fields)*
            http.request.method = $info.method.as_str(),
            server.address = address,
            server.port = port,
            url.template = $info.path,
            http.response.status_code = Empty,
            request_id = Empty,
            http.request.resend_count = Empty,
            error.type = Empty,
        )
    }};
}

/// Sends the call and sorts the final response: a 2xx decodes into `T`; a documented error status
/// whose body decodes into `E` is an [`Error::Api`]; anything else is the matching error. Whatever
/// the outcome, it lands on the call's span and goes to the interceptors' `after_call`.
///
/// The request is worked out before the future is made, and the future borrows it: an `async fn`
/// would keep its arguments in its state next to every future it awaits, and pass them on to the
/// next one, which keeps them too.
pub(crate) fn execute<'a, T, E>(
    sender: &'a Sender,
    info: &'a OperationInfo,
    params: &'a (dyn std::any::Any + Send + Sync),
    parts: Result<RequestParts, InvalidRequest>,
    options: &'a CallOptions,
    decode: Decode<T>,
    decode_error: DecodeFailure<E>,
) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> {
    let span = client_span!("formance.sdk.call", sender, info, service = sender.service, operation = info.id,);
    let interceptors = Interceptors { client: &sender.interceptors, call: &options.interceptors };
    let prepared = parts
        .map_err(Error::InvalidRequest)
        .and_then(|parts| Prepared::new(sender, info, parts, options, interceptors));
    async move {
        let mut state = CallState::new(info, params);
        let mut result = match prepared {
            Ok(ref request) => match run(sender, request, options, &mut state).await {
                Ok(Answer { received, secrets, redactor: built }) => {
                    // The one the request id was checked with, when it was built.
                    let redactor = || built.unwrap_or_else(|| redactor(sender, &secrets, request.credential()));
                    classify(received, redactor, decode, decode_error)
                }
                Err(failure) => Err(failure.widen()),
            },
            Err(failure) => Err(failure.widen()),
        };
        let request_id = state.request_id.take();
        match &mut result {
            Ok(value) => value.end_call(state.attempt, request_id),
            Err(error) => error.end_call(state.attempt, state.earlier_maybe_processed, request_id),
        }
        finish(&state, &result, interceptors);
        result
    }
    .instrument(span)
}

/// Records the outcome on the call's span and hands it to the interceptors.
fn finish<T, E>(state: &CallState<'_>, result: &Result<ResponseValue<T>, Error<E>>, interceptors: Interceptors<'_>) {
    let (status, error_type, request_id) = match result {
        Ok(value) => (Some(value.status()), None, value.request_id()),
        Err(error) => (error.response_status(), Some(error.error_type()), error.request_id()),
    };
    let span = tracing::Span::current();
    if let Some(status) = status {
        span.record("http.response.status_code", status.as_u16());
    }
    if let Some(id) = request_id {
        span.record("request_id", id);
    }
    if let Some(error_type) = error_type {
        span.record("error.type", error_type);
    }
    if state.sent > 1 {
        span.record("http.request.resend_count", state.sent - 1);
    }
    interceptors.after_call(&CallOutcome::new(state, status, error_type));
}

/// The last response of a call, and the secrets its last attempt sent (to keep them out of errors),
/// with their redactor when reading the request id built it.
struct Answer {
    received: Received,
    secrets: SentSecrets,
    redactor: Option<Redactor>,
}

/// The attempts of one call, under the operation deadline, each in a span of its own: a 2xx, or the
/// last response when no retry is due, or the failure that ended the call. `state` keeps the
/// request id of the last response, and whether an attempt before the last may have been acted on.
async fn run(
    sender: &Sender,
    request: &Prepared<'_>,
    options: &CallOptions,
    state: &mut CallState<'_>,
) -> Result<Answer, Failure> {
    let info = request.info;
    // `None`: a streamed body, sent once and never retried.
    let policy = request.replayable().then(|| options.retry.as_ref().unwrap_or(&sender.retry));
    let attempt_timeout = options.timeout.unwrap_or(sender.timeout);
    let operation_timeout = options.operation_timeout.unwrap_or(sender.operation_timeout);
    let operation = Deadline::after(operation_timeout, TimeoutBound::Operation);
    loop {
        state.attempt = state.attempt.saturating_add(1);
        state.secrets = SentSecrets::default();
        state.progress = Progress::default();
        let attempt = state.attempt;
        let span = attempt_span(sender, state);
        let deadline = Deadline::after(attempt_timeout, TimeoutBound::Attempt).earliest(operation);
        let outcome = deadline.run(sender.attempt(request, &deadline, state)).instrument(span.clone()).await;
        // A failure like any other, with the head of a response whose body was being read.
        let outcome = outcome.unwrap_or_else(|timeout| Err(sender.timed_out(request, state, timeout)));
        // Only the wait is left alive across the sleep: the response or failure of this attempt
        // is dropped before it, so that the future does not keep room for them.
        let (delay, maybe_processed) = match outcome {
            Ok(received) => {
                let status = received.status;
                span.record("http.response.status_code", status.as_u16());
                if status.as_u16() >= 400 {
                    span.record("error.type", status.as_str());
                }
                let mut redactor = None;
                state.request_id = request_id::find(&sender.request_id_headers, &received.headers, |value| {
                    redactor
                        .get_or_insert_with(|| self::redactor(sender, &state.secrets, request.credential()))
                        .holds(value)
                });
                record_request_id(&span, state);
                let failed = FailedAttempt::response(info, attempt, &received);
                let retry = match (status.is_success(), policy) {
                    (false, Some(policy)) => policy.delay(&failed, operation.remaining()),
                    _ => None,
                };
                let Some(delay) = retry else {
                    return Ok(Answer { received, secrets: std::mem::take(&mut state.secrets), redactor });
                };
                retrying(attempt, delay, format_args!("unexpected HTTP {status}"));
                (delay, failed.maybe_processed())
            }
            Err(failure) => {
                span.record("error.type", failure.error_type());
                state.request_id = failure
                    .headers()
                    .and_then(|headers| request_id::find(&sender.request_id_headers, headers, |_| false));
                record_request_id(&span, state);
                retry_after_failure(policy, failure, state, &operation)?
            }
        };
        state.earlier_maybe_processed |= maybe_processed;
        tokio::time::sleep(delay).await;
    }
}

/// The request id of the attempt's response on its span.
fn record_request_id(span: &tracing::Span, state: &CallState<'_>) {
    if let Some(id) = &state.request_id {
        span.record("request_id", &**id);
    }
}

/// The span of the attempt under way, a child of the call's.
fn attempt_span(sender: &Sender, state: &CallState<'_>) -> tracing::Span {
    let span = client_span!("formance.sdk.attempt", sender, state.operation, attempt = state.attempt,);
    if state.resend_count() > 0 {
        span.record("http.request.resend_count", state.resend_count());
    }
    span
}

/// The wait before the next attempt after `failure`, and whether the server may have acted on it;
/// or the failure when no retry is due.
fn retry_after_failure(
    policy: Option<&RetryPolicy>,
    failure: Failure,
    state: &CallState<'_>,
    operation: &Deadline,
) -> Result<(std::time::Duration, bool), Failure> {
    let failed = FailedAttempt::failure(state.operation, state.attempt, &failure);
    let retry = policy.zip(failed).and_then(|(policy, failed)| {
        let delay = policy.delay(&failed, operation.remaining())?;
        Some((delay, failed.maybe_processed()))
    });
    match retry {
        Some(retry) => {
            retrying(state.attempt, retry.0, &failure);
            Ok(retry)
        }
        None => Err(failure),
    }
}

fn retrying(attempt: u32, delay: std::time::Duration, error: impl std::fmt::Display) {
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    tracing::info!(attempt, delay_ms, error = %error, "retrying");
}

/// A 2xx decodes into the operation's output; anything else becomes the matching error, keeping the
/// body with the secrets the answer's redactor names blanked out.
fn classify<T, E>(
    received: Received,
    redactor: impl FnOnce() -> Redactor,
    decode: Decode<T>,
    decode_error: DecodeFailure<E>,
) -> Result<ResponseValue<T>, Error<E>> {
    let Received { status, headers, body } = received;
    Err(if status.is_success() {
        // A cheap clone (a reference count): the body is kept for the error if it does not decode.
        match decode(body.clone()) {
            Ok(value) => return Ok(ResponseValue::new(value, status, headers)),
            Err(e) => {
                let redactor = redactor();
                let kept = KeptResponse::new(status, headers, body, &redactor);
                Error::Decode(DecodeError::new(kept, e, &redactor))
            }
        }
    } else {
        let kept = KeptResponse::new(status, headers, body, &redactor());
        match decode_error(status, kept.redacted()) {
            Some(Ok(documented)) => Error::Api(ApiError::new(kept, documented)),
            _ => Error::UnexpectedStatus(UnexpectedStatus::new(kept)),
        }
    })
}

/// What every attempt of a call sends, worked out once.
pub(crate) struct Prepared<'a> {
    pub(crate) info: &'a OperationInfo,
    pub(crate) url: url::Url,
    /// The headers, checked, in the order each exchange sets them (see [`Prepared::headers`]);
    /// `Authorization` depends on the token of the moment. Kept in parts rather than as a map to
    /// copy: each exchange builds its map once, at its final size.
    accept: HeaderValue,
    user_agent: &'a HeaderValue,
    own: Vec<(HeaderName, HeaderValue)>,
    extra: &'a [(HeaderName, HeaderValue)],
    /// `Content-Type` for a body, `Content-Length: 0` for a POST, PUT or PATCH without one.
    framing: Option<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Bytes>,
    /// A streamed body, until the one exchange that sends it takes it.
    stream: Option<Mutex<Option<Chunks>>>,
    /// A caller's own `Authorization` credential, to keep out of errors.
    credential: Option<&'a str>,
    pub(crate) interceptors: Interceptors<'a>,
}

impl<'a> Prepared<'a> {
    fn new(
        sender: &'a Sender,
        info: &'a OperationInfo,
        parts: RequestParts,
        options: &'a CallOptions,
        interceptors: Interceptors<'a>,
    ) -> Result<Self, Failure> {
        let RequestParts { path, mut query, headers: own, body, accept } = parts;
        // Sorted by name, as the official SDKs (Go's url.Values) write them; a stable sort keeps the
        // repeats of one name in the order they were added.
        query.sort_by(|a, b| a.0.cmp(&b.0));
        let mut url = sender.base.clone();
        if sender.base_path.is_empty() {
            url.set_path(&path);
        } else {
            url.set_path(&format!("{}{path}", sender.base_path));
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(&query);
        }
        let accept = match accept {
            None => HeaderValue::from_static("application/json"),
            Some(media) => HeaderValue::from_str(media)
                .map_err(|_| Error::invalid(format!("`{media}` is not a valid Accept header value")))?,
        };
        let own_headers = own
            .iter()
            .map(|(name, value)| {
                let invalid = || Error::invalid(format!("header parameter `{name}` is not a valid header value"));
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
                Ok((header, HeaderValue::from_str(value).map_err(|_| invalid())?))
            })
            .collect::<Result<Vec<_>, Failure>>()?;
        let extra = options.headers.checked(sender.auth.is_some(), &own)?;
        let (framing, body, stream) = match body {
            Some(Payload { content_type, content }) => {
                let value = HeaderValue::from_str(&content_type)
                    .map_err(|_| Error::invalid(format!("`{content_type}` is not a valid Content-Type")))?;
                let framing = Some((CONTENT_TYPE, value));
                match content {
                    Content::Bytes(bytes) => (framing, Some(bytes), None),
                    Content::Stream(stream) => {
                        let chunks = stream.take().ok_or_else(|| {
                            Error::invalid("this call's streamed body was already sent: a stream can be sent once")
                        })?;
                        (framing, None, Some(Mutex::new(Some(chunks))))
                    }
                }
            }
            // Some gateways answer 411 to a POST or PUT without a length, as the official SDKs know.
            None if matches!(info.method, Method::Post | Method::Put | Method::Patch) => {
                (Some((CONTENT_LENGTH, HeaderValue::from_static("0"))), None, None)
            }
            None => (None, None, None),
        };
        Ok(Self {
            info,
            url,
            accept,
            user_agent: &sender.user_agent,
            own: own_headers,
            extra,
            framing,
            body,
            stream,
            credential: options.headers.credential(),
            interceptors,
        })
    }

    /// The headers of one exchange, before the interceptors and the token: `Accept` and
    /// `User-Agent`, the operation's header parameters, the caller's headers (which replace the
    /// defaults of the same name; their own repeats are all sent), then the body's framing.
    fn headers(&self) -> HeaderMap {
        let count = 2 + self.own.len() + self.extra.len() + usize::from(self.framing.is_some());
        // Room for the token, and for what the HTTP client adds (`Host`) without growing the map.
        let mut headers = HeaderMap::with_capacity(count + 3);
        headers.insert(ACCEPT, self.accept.clone());
        headers.insert(USER_AGENT, self.user_agent.clone());
        for (name, value) in &self.own {
            headers.insert(name.clone(), value.clone());
        }
        for (name, _) in self.extra {
            headers.remove(name);
        }
        for (name, value) in self.extra {
            headers.append(name.clone(), value.clone());
        }
        if let Some((name, value)) = &self.framing {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    /// Whether the body can be sent again (by a retry, a resend after a 401, a redirect): not a stream.
    pub(crate) fn replayable(&self) -> bool {
        self.stream.is_none()
    }

    /// The request of one exchange, to `url`, as the interceptors leave it, with `token`'s bearer
    /// header if any; `state.progress` then follows it, as it is handed to the HTTP client.
    ///
    /// Built here rather than in the `async fn` that sends it: a local borrowed there (as the
    /// request is, to set its headers and body) keeps its room in that future across every await.
    pub(crate) fn to_reqwest(
        &self,
        url: &url::Url,
        token: Option<&AccessToken>,
        state: &mut CallState<'_>,
    ) -> Result<reqwest::Request, Failure> {
        let mut headers = self.headers();
        let method = self.info.method;
        self.interceptors.before_send(state, method, url, &mut headers, self.body.as_deref(), token.is_some())?;
        if let Some(token) = token {
            // Built once per token: a reference-counted copy.
            headers.insert(AUTHORIZATION, token.header().clone());
        }
        let mut outgoing = reqwest::Request::new(method.to_reqwest(), url.clone());
        // Moved in whole: `RequestBuilder::headers` would copy them into an empty map.
        *outgoing.headers_mut() = headers;
        let (body, sent) = self.body()?.map(tracked).unzip();
        *outgoing.body_mut() = body;
        state.progress = Progress::Handed(sent);
        Ok(outgoing)
    }

    /// The body for one exchange: the bytes again, or the stream the first time only.
    fn body(&self) -> Result<Option<reqwest::Body>, Failure> {
        if let Some(bytes) = &self.body {
            return Ok(Some(reqwest::Body::from(bytes.clone())));
        }
        let Some(slot) = &self.stream else { return Ok(None) };
        let chunks = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        match chunks {
            Some(chunks) => Ok(Some(upload::request_body(chunks))),
            None => Err(Error::invalid("this call's streamed body was already sent: a stream can be sent once")),
        }
    }

    /// The caller's own `Authorization` credential, if any.
    pub(crate) fn credential(&self) -> Option<&str> {
        self.credential
    }
}

/// Blanks out the client secret, every token the client holds, the secrets the attempt sent and the
/// caller's own `Authorization` credential.
pub(crate) fn redactor(sender: &Sender, sent: &SentSecrets, credential: Option<&str>) -> Redactor {
    let mut redactor = sender.auth.as_ref().map(|auth| auth.redactor()).unwrap_or_default();
    for token in &sent.tokens {
        redactor.add(token.value());
    }
    for credential in &sent.credentials {
        redactor.add(credential.expose());
    }
    if let Some(credential) = credential {
        redactor.add(credential);
    }
    redactor
}
