//! Sending one call: the URL and headers of the wire contract, the token, the 401 refresh,
//! retries, the tracing span, and sorting the response into a value or an error.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use tracing::Instrument;

use crate::auth::Secret;
use crate::error::{ApiError, DecodeError, RawResponse, UnexpectedStatus};
use crate::operations::ApiErrorBody;
use crate::runtime::call::CallOptions;
use crate::runtime::{Operation, OperationInfo, RequestParts};
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
        let url = client.url(&parts)?;
        let policy = options.retry.as_ref().unwrap_or(&client.inner.retry);
        let timeout = options.timeout.unwrap_or(client.inner.timeout);
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempt", attempt);
            let mut error = match client.attempt(&info, &url, &parts, timeout).await {
                Ok(response) => {
                    tracing::Span::current().record("http.status_code", response.status.as_u16());
                    match classify::<P>(&info, response) {
                        Ok(value) => return Ok(value),
                        Err(error) => error,
                    }
                }
                Err(error) => error,
            };
            match policy.delay(attempt, &error, info.method, started.elapsed()) {
                Some(delay) => {
                    tracing::info!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
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

/// A 2xx decodes into the operation's output; anything else becomes the matching error.
fn classify<P: Operation>(info: &OperationInfo, response: RawResponse) -> Result<ResponseValue<P::Output>, Error> {
    let RawResponse { status, headers, body } = response;
    if status.is_success() {
        return match P::decode(&body) {
            Ok(value) => Ok(ResponseValue::new(value, status, headers)),
            Err(e) => Err(Error::Decode(DecodeError::new(RawResponse { status, headers, body }, e))),
        };
    }
    if info.errors.covers(status.as_u16())
        && let Ok(api_error) = serde_json::from_slice::<ApiErrorBody>(&body)
    {
        return Err(Error::Api(ApiError::new(status, headers, api_error)));
    }
    Err(Error::UnexpectedStatus(UnexpectedStatus::new(RawResponse { status, headers, body })))
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

    /// One attempt: with a token when credentials are set, and once more with a fresh token if the
    /// API rejects the cached one.
    async fn attempt(
        &self,
        info: &OperationInfo,
        url: &url::Url,
        parts: &RequestParts,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let Some(credentials) = &self.inner.credentials else {
            return self.send_once(info, url, parts, None, timeout).await;
        };
        let token = credentials.token(&self.inner.http, info.scopes, timeout).await?;
        let response = self.send_once(info, url, parts, Some(&token), timeout).await?;
        if response.status != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        tracing::info!("the API rejected the access token; fetching a new one");
        credentials.invalidate(info.scopes, &token).await;
        let token = credentials.token(&self.inner.http, info.scopes, timeout).await?;
        self.send_once(info, url, parts, Some(&token), timeout).await
    }

    async fn send_once(
        &self,
        info: &OperationInfo,
        url: &url::Url,
        parts: &RequestParts,
        token: Option<&Secret>,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let mut request = self
            .inner
            .http
            .request(info.method.to_reqwest(), url.clone())
            .timeout(timeout)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, self.inner.user_agent.clone());
        for (name, value) in &parts.headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::invalid(format!("header parameter `{name}` is not a valid header value")))?;
            request = request.header(*name, value);
        }
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| Error::invalid("the access token is not a valid header value"))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        if let Some(body) = &parts.body {
            request = request.header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(body.clone());
        }
        let response = request.send().await.map_err(|e| Error::from_reqwest(e, timeout))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|e| Error::from_reqwest(e, timeout))?;
        Ok(RawResponse { status, headers, body })
    }
}
