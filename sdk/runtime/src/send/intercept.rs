//! Interceptors: code of the caller's that runs at fixed points of every call (trace context,
//! request signing, metrics, audit logs), and what each point lets it see.
//!
//! One trait with a default method per point, so that a point added later breaks no implementor;
//! the context type of each point decides what is visible: never a token the SDK sends, never the
//! client secret. What a call has done so far lives in one record, [`CallState`], which every point
//! and the tracing spans read.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::options::{RESERVED, credential};
use super::progress::Progress;
use super::{Method, OperationInfo};
use crate::error::redact::Secret;
use crate::error::{AFTER_RESPONSE, BEFORE_SEND, BoxError, Error, Failure, InterceptorError};

/// Code that runs at fixed points of every call, in the order interceptors were registered: those of
/// the client ([`ClientBuilder::intercept`](crate::ClientBuilder::intercept)), then those of the call
/// ([`Call::intercept`](crate::Call::intercept)).
///
/// Every method has a default that does nothing: implement the points you need. They run on the
/// task that sends the call and must not block; they run for every request of a call (each attempt,
/// the resend after a 401, each same-origin redirect followed) and for every page of a stream, never
/// for token requests.
///
/// An error returned by [`before_send`](Self::before_send) or [`after_response`](Self::after_response)
/// ends the call with [`Error::Interceptor`](crate::Error::Interceptor), whose `source()` is that
/// error: nothing more is sent for the call (no retry, no resend, no redirect).
///
/// ```
/// use formance_sdk_runtime::{BoxError, Intercept, OutgoingRequest};
///
/// /// Sends the caller's trace context with every request.
/// struct TraceContext;
///
/// impl Intercept for TraceContext {
///     fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
///         let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
///         request.headers_mut().insert("traceparent", traceparent.parse()?);
///         Ok(())
///     }
/// }
/// ```
pub trait Intercept: Send + Sync + 'static {
    /// Before a request goes to the HTTP client, with the headers it goes with (the SDK's own, the
    /// operation's and the call's already set; not those the HTTP client adds itself, such as `Host`
    /// or a given client's default headers): add or change them here (trace context, a signature,
    /// an idempotency key).
    ///
    /// `Authorization` is not among them unless this interceptor sets it, which is refused when the
    /// call already has one (the client's token, or the caller's own header). Changing the headers
    /// that frame the message or belong to the connection (`Host`, `Content-Length`,
    /// `Transfer-Encoding`, `Connection`, ...) or `Content-Type` is refused too. Both end the call
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is sent.
    fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
        let _ = request;
        Ok(())
    }

    /// When the head of a response arrives (status and headers; the body is read after), for every
    /// response: redirects and the 401 before a resend included.
    fn after_response(&self, response: &IncomingResponse<'_>) -> Result<(), BoxError> {
        let _ = response;
        Ok(())
    }

    /// When the call is over, whatever its outcome; once per page for a stream. It cannot change
    /// the outcome: the call has happened.
    fn after_call(&self, outcome: &CallOutcome<'_>) {
        let _ = outcome;
    }

    /// The name errors and the client's `Debug` show (default: the type's name).
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }
}

/// An interceptor, shared by the client's clones and the calls they make.
pub(crate) type SharedInterceptor = Arc<dyn Intercept>;

/// The names of interceptors, for `Debug`.
pub(crate) struct Names<'a>(pub(crate) &'a [SharedInterceptor]);

impl fmt::Debug for Names<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|i| i.name())).finish()
    }
}

/// Where a call stands: what every interceptor point and the tracing spans read.
pub(crate) struct CallState<'a> {
    pub(crate) operation: &'a OperationInfo,
    /// The operation's typed parameters, which the transport hands to a mock (see `http/transport.rs`).
    pub(crate) params: &'a (dyn std::any::Any + Send + Sync),
    pub(crate) started: Instant,
    /// The attempt under way, from 1 (0 before the first).
    pub(crate) attempt: u32,
    /// Requests handed to the HTTP client so far, for any reason (attempts, resends, redirects).
    pub(crate) sent: u32,
    /// The secrets the attempt under way sent, to blank out of what it returns.
    pub(crate) secrets: SentSecrets,
    /// How far the request under way got.
    pub(crate) progress: Progress,
    /// Whether an attempt before the one under way may have been acted on.
    pub(crate) earlier_maybe_processed: bool,
    /// The request id of the last response, checked (see `request_id.rs`).
    pub(crate) request_id: Option<Box<str>>,
}

impl<'a> CallState<'a> {
    pub(crate) fn new(operation: &'a OperationInfo, params: &'a (dyn std::any::Any + Send + Sync)) -> Self {
        Self {
            operation,
            params,
            started: Instant::now(),
            attempt: 0,
            sent: 0,
            secrets: SentSecrets::default(),
            progress: Progress::default(),
            earlier_maybe_processed: false,
            request_id: None,
        }
    }

    /// OpenTelemetry's `http.request.resend_count` of the next request: the requests sent before it.
    pub(crate) fn resend_count(&self) -> u32 {
        self.sent
    }
}

/// The tokens an attempt sent, and an `Authorization` credential an interceptor set.
#[derive(Default)]
pub(crate) struct SentSecrets {
    pub(crate) tokens: Vec<Arc<crate::auth::AccessToken>>,
    pub(crate) credentials: Vec<Secret>,
}

/// A request about to be sent, as [`Intercept::before_send`] sees it.
pub struct OutgoingRequest<'a> {
    state: &'a CallState<'a>,
    method: Method,
    url: &'a Url,
    headers: &'a mut HeaderMap,
    body: Option<&'a [u8]>,
}

impl OutgoingRequest<'_> {
    /// The operation: its id, method, path template and scopes.
    pub fn operation(&self) -> &OperationInfo {
        self.state.operation
    }

    /// The attempt this request belongs to, from 1; the resend after a 401 and the redirects
    /// followed belong to the attempt they are part of.
    pub fn attempt(&self) -> u32 {
        self.state.attempt
    }

    /// The requests of this call sent before this one, for any reason (OpenTelemetry's
    /// `http.request.resend_count`): 0 for the first.
    pub fn resend_count(&self) -> u32 {
        self.state.resend_count()
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The URL the request goes to, query included.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The headers the request goes with (without `Authorization`, unless this interceptor set it).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to add or change some.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body as it is sent (to sign it, say); `None` without a body, or for a body streamed while
    /// it is sent.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    /// Header names only: a value may be a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("operation", &self.state.operation.id)
            .field("attempt", &self.state.attempt)
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// The head of a response, as [`Intercept::after_response`] sees it.
pub struct IncomingResponse<'a> {
    state: &'a CallState<'a>,
    status: StatusCode,
    headers: &'a HeaderMap,
    elapsed: Duration,
}

impl IncomingResponse<'_> {
    /// The operation: its id, method, path template and scopes.
    pub fn operation(&self) -> &OperationInfo {
        self.state.operation
    }

    /// The attempt this response answers, from 1.
    pub fn attempt(&self) -> u32 {
        self.state.attempt
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers, as received.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// Time from handing the request to the HTTP client to the arrival of this response's head.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

impl fmt::Debug for IncomingResponse<'_> {
    /// Header names only: a server may echo a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingResponse")
            .field("operation", &self.state.operation.id)
            .field("attempt", &self.state.attempt)
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("elapsed", &self.elapsed)
            .finish()
    }
}

/// How a call ended, as [`Intercept::after_call`] sees it.
#[derive(Debug)]
pub struct CallOutcome<'a> {
    operation: &'a OperationInfo,
    attempts: u32,
    elapsed: Duration,
    status: Option<StatusCode>,
    error_type: Option<&'a str>,
}

impl<'a> CallOutcome<'a> {
    pub(crate) fn new(state: &CallState<'a>, status: Option<StatusCode>, error_type: Option<&'a str>) -> Self {
        let (operation, attempts, elapsed) = (state.operation, state.attempt, state.started.elapsed());
        Self { operation, attempts, elapsed, status, error_type }
    }

    /// The operation: its id, method, path template and scopes.
    pub fn operation(&self) -> &OperationInfo {
        self.operation
    }

    /// Attempts made (0 when the call was refused before sending anything).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Time the whole call took: every attempt and every wait between them, decoding included.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The status of the last response, if one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// Whether the call returned a value rather than an error.
    pub fn is_success(&self) -> bool {
        self.error_type.is_none()
    }

    /// For a failed call, what went wrong, as OpenTelemetry's `error.type`: the status code of an
    /// error response (`"404"`, `"503"`), else the kind of error (`"timeout"`, `"transport"`,
    /// `"auth"`, `"redirect"`, `"decode"`, `"response_too_large"`, `"invalid_request"`,
    /// `"interceptor"`, ...). `None` for a success.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type
    }
}

/// The interceptors of one call: the client's, then the call's.
#[derive(Clone, Copy)]
pub(crate) struct Interceptors<'a> {
    pub(crate) client: &'a [SharedInterceptor],
    pub(crate) call: &'a [SharedInterceptor],
}

impl Interceptors<'_> {
    fn all(&self) -> impl Iterator<Item = &SharedInterceptor> {
        self.client.iter().chain(self.call)
    }

    fn is_empty(&self) -> bool {
        self.client.is_empty() && self.call.is_empty()
    }

    /// Runs every `before_send` on `headers`, hiding `Authorization` from each interceptor but the
    /// one that sets it; `has_token` says the SDK sends its own. What an interceptor set as
    /// `Authorization` lands in `state.secrets`.
    pub(crate) fn before_send(
        &self,
        state: &mut CallState<'_>,
        method: Method,
        url: &Url,
        headers: &mut HeaderMap,
        body: Option<&[u8]>,
        has_token: bool,
    ) -> Result<(), Failure> {
        if self.is_empty() {
            return Ok(());
        }
        let callers = take_all(headers, &AUTHORIZATION);
        let framing = framing_of(headers);
        let mut set: Option<Vec<HeaderValue>> = None;
        for interceptor in self.all() {
            let mut request = OutgoingRequest { state: &*state, method, url, headers, body };
            interceptor.before_send(&mut request).map_err(|e| failed(interceptor.name(), BEFORE_SEND, e))?;
            if let Some(name) = framing.changed(headers) {
                return Err(Error::invalid(format!(
                    "interceptor `{}` changed header `{name}`, which the HTTP client and the SDK set",
                    interceptor.name()
                )));
            }
            let values = take_all(headers, &AUTHORIZATION);
            if values.is_empty() {
                continue;
            }
            if has_token || !callers.is_empty() || set.is_some() {
                return Err(Error::invalid(format!(
                    "interceptor `{}` set Authorization, but the call already has one (the client's token, the call's header or another interceptor's)",
                    interceptor.name()
                )));
            }
            set = Some(values);
        }
        for value in callers {
            headers.append(AUTHORIZATION, value);
        }
        for mut value in set.into_iter().flatten() {
            // Kept out of errors as the caller's own header is (see `ExtraHeaders::credential`).
            if let Ok(text) = value.to_str() {
                state.secrets.credentials.push(Secret::new(credential(text).to_owned()));
            }
            value.set_sensitive(true);
            headers.append(AUTHORIZATION, value);
        }
        Ok(())
    }

    /// Runs every `after_response`.
    pub(crate) fn after_response(
        &self,
        state: &CallState<'_>,
        status: StatusCode,
        headers: &HeaderMap,
        elapsed: Duration,
    ) -> Result<(), Failure> {
        let response = IncomingResponse { state, status, headers, elapsed };
        for interceptor in self.all() {
            interceptor.after_response(&response).map_err(|e| failed(interceptor.name(), AFTER_RESPONSE, e))?;
        }
        Ok(())
    }

    /// Runs every `after_call`.
    pub(crate) fn after_call(&self, outcome: &CallOutcome<'_>) {
        for interceptor in self.all() {
            interceptor.after_call(outcome);
        }
    }
}

fn failed(name: &str, point: &'static str, source: BoxError) -> Failure {
    Error::Interceptor(InterceptorError::new(name.to_owned(), point, source))
}

/// Every value of `name`, removed from `headers`.
fn take_all(headers: &mut HeaderMap, name: &HeaderName) -> Vec<HeaderValue> {
    let values = headers.get_all(name).iter().cloned().collect();
    headers.remove(name);
    values
}

/// The values of the headers interceptors must leave as they are, before they run.
struct Framing(Vec<(&'static str, Vec<HeaderValue>)>);

fn framing_of(headers: &HeaderMap) -> Framing {
    let names = RESERVED.iter().copied().chain([CONTENT_TYPE.as_str()]);
    Framing(names.map(|name| (name, headers.get_all(name).iter().cloned().collect())).collect())
}

impl Framing {
    /// The first of these headers whose values differ in `headers`.
    fn changed(&self, headers: &HeaderMap) -> Option<&'static str> {
        self.0.iter().find(|(name, before)| !headers.get_all(*name).iter().eq(before.iter())).map(|(name, _)| *name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: OperationInfo = OperationInfo::new("op", Method::Post, "/x", &[]);

    /// Sets `Authorization` to its value.
    struct Sets(&'static str);

    impl Intercept for Sets {
        fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
            request.headers_mut().insert(AUTHORIZATION, HeaderValue::from_static(self.0));
            Ok(())
        }
    }

    fn run(
        interceptors: &[SharedInterceptor],
        headers: &mut HeaderMap,
        has_token: bool,
    ) -> Result<Vec<String>, String> {
        let mut state = CallState::new(&INFO, &());
        let url = Url::parse("http://api.test/x").unwrap();
        let chain = Interceptors { client: interceptors, call: &[] };
        chain.before_send(&mut state, Method::Post, &url, headers, None, has_token).map_err(|e| e.to_string())?;
        Ok(state.secrets.credentials.iter().map(|c| c.expose().to_owned()).collect())
    }

    #[test]
    fn an_authorization_an_interceptor_sets_is_sensitive_and_kept_out_of_errors() {
        let mut headers = HeaderMap::new();
        let secrets = run(&[Arc::new(Sets("Signature sig-1"))], &mut headers, false).unwrap();
        assert_eq!(secrets, ["sig-1"]);
        assert!(headers[AUTHORIZATION].is_sensitive());
    }

    #[test]
    fn a_second_authorization_is_refused_whoever_set_the_first() {
        let two: [SharedInterceptor; 2] = [Arc::new(Sets("A a")), Arc::new(Sets("B b"))];
        assert!(run(&two, &mut HeaderMap::new(), false).unwrap_err().contains("already has one"));
        assert!(run(&two[..1], &mut HeaderMap::new(), true).unwrap_err().contains("already has one"));
        let mut callers = HeaderMap::new();
        callers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer mine"));
        assert!(run(&two[..1], &mut callers, false).unwrap_err().contains("already has one"));
    }

    #[test]
    fn the_callers_authorization_is_back_after_the_interceptors() {
        struct Looks;
        impl Intercept for Looks {
            fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
                assert!(!request.headers().contains_key(AUTHORIZATION));
                Ok(())
            }
        }
        let mut headers = HeaderMap::new();
        headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer one"));
        headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer two"));
        run(&[Arc::new(Looks)], &mut headers, false).unwrap();
        assert_eq!(headers.get_all(AUTHORIZATION).iter().collect::<Vec<_>>(), ["Bearer one", "Bearer two"]);
    }
}
