//! One attempt of a call, all of it under the attempt's deadline: the token, the exchange (see
//! `exchange.rs`), and the refresh and resend after a 401 (not for a streamed body, sent once).

use std::sync::Arc;

use reqwest::StatusCode;

use super::Sender;
use super::execute::Prepared;
use super::received::Received;
use crate::auth::AccessToken;
use crate::error::Failure;
use crate::http::Deadline;

impl Sender {
    /// With a token when credentials are set, and once more with a fresh token if the API rejects
    /// the one sent. Every token used lands in `tokens`, so that errors can blank them out.
    pub(super) async fn attempt(
        &self,
        request: &Prepared<'_>,
        deadline: &Deadline,
        tokens: &mut Vec<Arc<AccessToken>>,
    ) -> Result<Received, Failure> {
        let Some(credentials) = &self.credentials else {
            return self.exchange(request, None, deadline, tokens).await;
        };
        let scopes = request.info.scopes;
        let token = credentials.token(&self.http, scopes).await?;
        tokens.push(token.clone());
        let response = self.exchange(request, Some(&token), deadline, tokens).await?;
        if response.status != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        credentials.invalidate(scopes, &token);
        if !request.replayable() {
            // A streamed body is gone: the next call gets a fresh token, this one returns the 401.
            tracing::info!("the API rejected the access token; not resending a streamed body");
            return Ok(response);
        }
        // Dropped now rather than kept alongside the resend for nothing.
        drop(response);
        tracing::info!("the API rejected the access token; fetching a new one");
        let token = credentials.token(&self.http, scopes).await?;
        tokens.push(token.clone());
        self.exchange(request, Some(&token), deadline, tokens).await
    }
}
