//! One attempt of a call, all of it under the attempt's deadline: the token, the request, the
//! same-origin redirects, the refresh and resend after a 401, and the body.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::AUTHORIZATION;

use super::{Prepared, Received};
use crate::Client;
use crate::auth::AccessToken;
use crate::body::{BodyError, read_limited};
use crate::deadline::Deadline;
use crate::error::{Error, ResponseTooLarge};
use crate::redirect;

impl Client {
    /// With a token when credentials are set, and once more with a fresh token if the API rejects
    /// the one sent. Every token used lands in `tokens`, so that errors can blank them out.
    pub(super) async fn attempt(
        &self,
        request: &Prepared<'_>,
        deadline: &Deadline,
        tokens: &mut Vec<Arc<AccessToken>>,
    ) -> Result<Received, Error> {
        let Some(credentials) = &self.inner.credentials else {
            return self.send(request, None, deadline, tokens).await;
        };
        let scopes = request.info.scopes;
        let token = credentials.token(&self.inner.http, scopes).await?;
        tokens.push(token.clone());
        let response = self.send(request, Some(&token), deadline, tokens).await?;
        if response.status != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        tracing::info!("the API rejected the access token; fetching a new one");
        credentials.invalidate(scopes, &token);
        let token = credentials.token(&self.inner.http, scopes).await?;
        tokens.push(token.clone());
        self.send(request, Some(&token), deadline, tokens).await
    }

    /// The request, and the same-origin redirects the SDK follows (see `redirect.rs`); the body of
    /// the final response is read up to the client's limit.
    async fn send(
        &self,
        request: &Prepared<'_>,
        token: Option<&AccessToken>,
        deadline: &Deadline,
        tokens: &[Arc<AccessToken>],
    ) -> Result<Received, Error> {
        let method = request.info.method;
        let mut url = request.url.clone();
        let mut hops = 0;
        loop {
            let mut headers = request.headers.clone();
            if let Some(token) = token {
                headers.insert(AUTHORIZATION, token.header().clone());
            }
            let mut builder = self.inner.http.request(method.to_reqwest(), url.clone()).headers(headers);
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            let response = builder.send().await.map_err(|e| Error::from_reqwest(e, deadline.error()))?;
            let status = response.status();
            if redirect::is_redirect(status) {
                let token_url = self.inner.credentials.as_ref().map(|c| c.token_url());
                let redactor = self.redactor(request, tokens);
                url = redirect::next_hop(status, response.headers(), &url, method, hops, token_url, &redactor)
                    .map_err(Error::Redirect)?;
                hops += 1;
                tracing::debug!(status = status.as_u16(), hops, "following a same-origin redirect");
                continue;
            }
            let headers = response.headers().clone();
            let body = read_limited(response, self.inner.max_response_bytes).await.map_err(|e| match e {
                BodyError::TooLarge { limit, content_length } => {
                    Error::ResponseTooLarge(ResponseTooLarge::new(status, limit, content_length))
                }
                BodyError::Transport(e) => Error::from_reqwest(e, deadline.error()),
            })?;
            return Ok(Received { status, headers, body });
        }
    }
}
