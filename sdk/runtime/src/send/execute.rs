//! Sending one call: the URL and headers of the wire contract, the operation deadline and one
//! deadline per attempt, retries, the tracing span, and sorting the response into a value or an error.

mod attempt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument;

use crate::deadline::Deadline;
use crate::error::{ApiError, DecodeError, KeptResponse, TimeoutBound, UnexpectedStatus};
use crate::operations::ApiErrorBody;
use crate::redact::Redactor;
use crate::runtime::call::CallOptions;
use crate::runtime::{Method, Operation, OperationInfo, RequestParts};
use crate::{Client, Error, ResponseValue};

pub(crate) async fn execute<P: Operation>(
    client: &Client,
    params: &P,
    options: &CallOptions,
) -> Result<ResponseValue<P::Output>, Error> {
    let info = P::INFO;
    let span = tracing::info_span!(
        "formance.orchestration.call",
        operation = info.id,
        http.method = info.method.as_str(),
        url.template = info.path,
        attempt = tracing::field::Empty,
        http.status_code = tracing::field::Empty,
    );
    async {
        let parts = params.request()?;
        let request = Prepared::new(client, &info, &parts, options)?;
        let policy = options.retry.as_ref().unwrap_or(&client.inner.retry);
        let attempt_timeout = options.timeout.unwrap_or(client.inner.timeout);
        let operation_timeout = options.operation_timeout.unwrap_or(client.inner.operation_timeout);
        let operation = Deadline::after(operation_timeout, TimeoutBound::Operation);
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            tracing::Span::current().record("attempt", attempt);
            let deadline = Deadline::after(attempt_timeout, TimeoutBound::Attempt).earliest(operation);
            let mut tokens = Vec::new();
            let outcome = deadline.run(client.attempt(&request, &deadline, &mut tokens)).await;
            let mut error = match outcome {
                Err(timeout) => Error::Timeout(timeout),
                Ok(Err(error)) => error,
                Ok(Ok(response)) => {
                    tracing::Span::current().record("http.status_code", response.status.as_u16());
                    match classify::<P>(&info, response, || client.redactor(&request, &tokens)) {
                        Ok(value) => return Ok(value),
                        Err(error) => error,
                    }
                }
            };
            match policy.delay(attempt, &error, info.method, operation.remaining()) {
                Some(delay) => {
                    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                    tracing::info!(attempt, delay_ms, error = %error, "retrying");
                    tokio::time::sleep(delay).await;
                }
                None => {
                    error.set_attempts(attempt);
                    return Err(error);
                }
            }
        }
    }
    .instrument(span)
    .await
}

/// A response as received, before it is sorted into a value or an error.
pub(crate) struct Received {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A 2xx decodes into the operation's output; anything else becomes the matching error, keeping the
/// body with the secrets `redactor` names blanked out.
fn classify<P: Operation>(
    info: &OperationInfo,
    response: Received,
    redactor: impl FnOnce() -> Redactor,
) -> Result<ResponseValue<P::Output>, Error> {
    let Received { status, headers, body } = response;
    if status.is_success() {
        return match P::decode(&body) {
            Ok(value) => Ok(ResponseValue::new(value, status, headers)),
            Err(e) => {
                let redactor = redactor();
                let kept = KeptResponse::new(status, headers, body, &redactor);
                Err(Error::Decode(DecodeError::new(kept, e, &redactor)))
            }
        };
    }
    let kept = KeptResponse::new(status, headers, body, &redactor());
    if info.errors.covers(status.as_u16())
        && let Ok(api_error) = serde_json::from_slice::<ApiErrorBody>(kept.redacted())
    {
        return Err(Error::Api(ApiError::new(kept, api_error)));
    }
    Err(Error::UnexpectedStatus(UnexpectedStatus::new(kept)))
}

/// What every attempt of a call sends, worked out once.
pub(crate) struct Prepared<'a> {
    pub(crate) info: &'a OperationInfo,
    pub(crate) url: url::Url,
    /// Everything but `Authorization`, which depends on the token of the moment.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    /// A caller's own `Authorization` credential, to keep out of errors.
    credential: Option<&'a str>,
}

impl<'a> Prepared<'a> {
    fn new(
        client: &Client,
        info: &'a OperationInfo,
        parts: &RequestParts,
        options: &'a CallOptions,
    ) -> Result<Self, Error> {
        let url = client.url(parts)?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, client.inner.user_agent.clone());
        for (name, value) in &parts.headers {
            let invalid = || Error::invalid(format!("header parameter `{name}` is not a valid header value"));
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            headers.insert(header, HeaderValue::from_str(value).map_err(|_| invalid())?);
        }
        let extra = options.headers.checked(client.inner.credentials.is_some(), &parts.headers)?;
        // The caller's headers replace the defaults of the same name; their own repeats are all sent.
        for (name, _) in extra {
            headers.remove(name);
        }
        for (name, value) in extra {
            headers.append(name.clone(), value.clone());
        }
        let body = parts.body.clone().map(Bytes::from);
        if body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        } else if matches!(info.method, Method::Post | Method::Put | Method::Patch) {
            // Some gateways answer 411 to a POST or PUT without a length, as the official SDKs know.
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        Ok(Self { info, url, headers, body, credential: options.headers.credential() })
    }
}

impl Client {
    fn url(&self, parts: &RequestParts) -> Result<url::Url, Error> {
        let text = format!("{}{}", self.inner.base_url, parts.path);
        let mut url =
            url::Url::parse(&text).map_err(|e| Error::invalid(format!("{text:?} is not a valid URL: {e}")))?;
        if !parts.query.is_empty() {
            // Sorted by name, as the official SDKs (Go's url.Values) write them.
            let mut query = parts.query.clone();
            query.sort_by(|a, b| a.0.cmp(b.0));
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// Blanks out the client secret, every token the client holds, the tokens this call used and
    /// the caller's own `Authorization` credential.
    pub(crate) fn redactor(
        &self,
        request: &Prepared<'_>,
        tokens: &[std::sync::Arc<crate::auth::AccessToken>],
    ) -> Redactor {
        let mut redactor = self.inner.credentials.as_ref().map(|c| c.redactor()).unwrap_or_default();
        for token in tokens {
            redactor.add(token.value());
        }
        if let Some(credential) = request.credential {
            redactor.add(credential);
        }
        redactor
    }
}
