//! One HTTP exchange: the request, the same-origin redirects the runtime follows (see
//! `redirect.rs`), and the final response's body, read up to the client's limit. A failure once a
//! response's head has come keeps that head.

use std::time::Instant;

use url::Url;

use super::execute::{Prepared, redactor};
use super::intercept::CallState;
use super::progress::Progress;
use super::received::Received;
use super::{Sender, redirect};
use crate::auth::AccessToken;
use crate::error::{Error, Failure, RedirectError, ResponseTooLarge, TimeoutError};
use crate::http::{BodyError, CallContext, Deadline, SendError, read_limited};

impl Sender {
    /// Sends `request` with `token`'s bearer header, if any; the secrets the attempt sent so far
    /// (`state.secrets`) are blanked out of a refused redirect's target.
    pub(super) async fn exchange(
        &self,
        request: &Prepared<'_>,
        token: Option<&AccessToken>,
        deadline: &Deadline,
        state: &mut CallState<'_>,
    ) -> Result<Received, Failure> {
        // Two stages, so that the state kept while the body is read and the state kept while
        // redirects are followed share the same bytes of this future.
        let (status, headers, response) = split(self.follow_redirects(request, token, deadline, state).await?);
        state.progress = Progress::Reading(status, headers);
        let read = read_limited(response, self.max_response_bytes).await;
        // Always there: nothing but the read above came between.
        let headers = state.progress.take_head().map(|(_, headers)| headers).unwrap_or_default();
        let body = match read {
            Ok(body) => body,
            Err(BodyError::TooLarge { limit, content_length }) => {
                let redactor = redactor(self, &state.secrets, request.credential());
                let error = ResponseTooLarge::new(status, limit, content_length).with_headers(headers, &redactor);
                return Err(Error::ResponseTooLarge(error));
            }
            Err(BodyError::Transport(e)) => {
                let failure = Error::from_reqwest(e, deadline.error(), state.progress.request_sent());
                return Err(failure.with_head(status, headers, &redactor(self, &state.secrets, request.credential())));
            }
        };
        Ok(Received { status, headers, body })
    }

    /// The failure of an attempt that ran out of time: how much of the request had gone out, and
    /// the head of the response whose body was being read, if one had come.
    pub(super) fn timed_out(
        &self,
        request: &Prepared<'_>,
        state: &mut CallState<'_>,
        timeout: TimeoutError,
    ) -> Failure {
        let failure = Error::Timeout(timeout.with_request_sent(state.progress.request_sent()));
        match state.progress.take_head() {
            Some((status, headers)) => {
                failure.with_head(status, headers, &redactor(self, &state.secrets, request.credential()))
            }
            None => failure,
        }
    }

    /// The first response that is not a redirect to follow, its body not read yet. Every request
    /// goes through the interceptors; every response head too.
    async fn follow_redirects(
        &self,
        request: &Prepared<'_>,
        token: Option<&AccessToken>,
        deadline: &Deadline,
        state: &mut CallState<'_>,
    ) -> Result<reqwest::Response, Failure> {
        let method = request.info.method;
        // `None` until a redirect is followed: the first hop sends the prepared URL.
        let mut redirected: Option<Url> = None;
        let mut hops = 0;
        loop {
            let url = redirected.as_ref().unwrap_or(&request.url);
            let outgoing = request.to_reqwest(url, token, state)?;
            state.sent = state.sent.saturating_add(1);
            let sent_at = Instant::now();
            let call = CallContext { operation_id: state.operation.id, params: state.params };
            let response = match self.transport.send_call(outgoing, Some(call)).await {
                Ok(response) => response,
                Err(SendError::Http(e)) => {
                    return Err(Error::from_reqwest(e, deadline.error(), state.progress.request_sent()));
                }
                #[cfg(feature = "test-util")]
                Err(SendError::Mock(failure)) => return Err(failure),
                Err(SendError::Redirected { status, url, headers }) => {
                    let redactor = redactor(self, &state.secrets, request.credential());
                    let target = redactor.url(&url);
                    return Err(Error::Redirect(RedirectError::new(
                        status,
                        Some(target),
                        "the HTTP client followed a redirect by itself; build it with redirect::Policy::none() so that the SDK applies its own rules",
                    ).with_headers(headers, &redactor)));
                }
            };
            state.progress = Progress::Answered;
            let status = response.status();
            if let Err(failure) =
                request.interceptors.after_response(state, status, response.headers(), sent_at.elapsed())
            {
                let redactor = redactor(self, &state.secrets, request.credential());
                return Err(failure.with_head(status, response.headers().clone(), &redactor));
            }
            if !redirect::is_redirect(status) {
                return Ok(response);
            }
            let redactor = redactor(self, &state.secrets, request.credential());
            if !request.replayable() {
                return Err(Error::Redirect(
                    RedirectError::new(
                        status,
                        None,
                        "the body was streamed and cannot be sent again; redirects need a body held in memory",
                    )
                    .with_headers(response.headers().clone(), &redactor),
                ));
            }
            let token_url = self.auth.as_ref().and_then(|auth| auth.token_url());
            let next = redirect::next_hop(status, response.headers(), url, method, hops, token_url, &redactor)
                .map_err(|e| Error::Redirect(e.with_headers(response.headers().clone(), &redactor)))?;
            redirected = Some(next);
            hops += 1;
            tracing::debug!(status = status.as_u16(), hops, "following a same-origin redirect");
        }
    }
}

/// Status, headers and the response left to read its body from. The headers are taken, not cloned:
/// the response needs only its body from here on. A function of its own, so that the response it
/// borrows to take them is not a local of the `async fn`, which would keep room for it.
fn split(mut response: reqwest::Response) -> (reqwest::StatusCode, reqwest::header::HeaderMap, reqwest::Response) {
    let headers = std::mem::take(response.headers_mut());
    (response.status(), headers, response)
}
