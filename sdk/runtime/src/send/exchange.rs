//! One HTTP exchange: the request, the same-origin redirects the runtime follows (see
//! `redirect.rs`), and the final response's body, read up to the client's limit.

use std::sync::Arc;

use reqwest::header::AUTHORIZATION;

use super::execute::{Prepared, Received, redactor};
use super::{Sender, redirect};
use crate::auth::AccessToken;
use crate::error::{Error, Failure, RedirectError, ResponseTooLarge};
use crate::http::{BodyError, Deadline, read_limited};

impl Sender {
    /// Sends `request` with `token`'s bearer header, if any; `tokens` are the tokens the attempt
    /// used so far, blanked out of a refused redirect's target.
    pub(super) async fn exchange(
        &self,
        request: &Prepared<'_>,
        token: Option<&AccessToken>,
        deadline: &Deadline,
        tokens: &[Arc<AccessToken>],
    ) -> Result<Received, Failure> {
        let method = request.info.method;
        let mut url = request.url.clone();
        let mut hops = 0;
        loop {
            let mut headers = request.headers.clone();
            if let Some(token) = token {
                // Built once per token: a reference-counted copy.
                headers.insert(AUTHORIZATION, token.header().clone());
            }
            let mut builder = self.http.request(method.to_reqwest(), url.clone()).headers(headers);
            if let Some(body) = request.body()? {
                builder = builder.body(body);
            }
            let mut response = builder.send().await.map_err(|e| Error::from_reqwest(e, deadline.error()))?;
            let status = response.status();
            if redirect::is_redirect(status) {
                if !request.replayable() {
                    return Err(Error::Redirect(RedirectError::new(
                        status,
                        None,
                        "the body was streamed and cannot be sent again; redirects need a body held in memory",
                    )));
                }
                let token_url = self.credentials.as_ref().map(|c| c.token_url());
                let redactor = redactor(self, tokens, request.credential());
                url = redirect::next_hop(status, response.headers(), &url, method, hops, token_url, &redactor)
                    .map_err(Error::Redirect)?;
                hops += 1;
                tracing::debug!(status = status.as_u16(), hops, "following a same-origin redirect");
                continue;
            }
            // Taken, not cloned: the response needs only its body from here on.
            let headers = std::mem::take(response.headers_mut());
            let body = read_limited(response, self.max_response_bytes).await.map_err(|e| match e {
                BodyError::TooLarge { limit, content_length } => {
                    Error::ResponseTooLarge(ResponseTooLarge::new(status, limit, content_length))
                }
                BodyError::Transport(e) => Error::from_reqwest(e, deadline.error()),
            })?;
            return Ok(Received { status, headers, body });
        }
    }
}
