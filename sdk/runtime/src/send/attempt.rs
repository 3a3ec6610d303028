//! One attempt of a call, all of it under the attempt's deadline: the token, the exchange (see
//! `exchange.rs`), and the refresh and resend after a 401 (not for a streamed body, sent once, nor
//! for a static token, which has no other to try).

use reqwest::StatusCode;

use super::Sender;
use super::execute::Prepared;
use super::intercept::CallState;
use super::progress::Progress;
use super::received::Received;
use crate::error::Failure;
use crate::http::Deadline;

impl Sender {
    /// With a token when the client authenticates, and once more with a fresh token if the API
    /// rejects the one sent. Every token used lands in `state.secrets`, so that errors can blank
    /// them out.
    pub(super) async fn attempt(
        &self,
        request: &Prepared<'_>,
        deadline: &Deadline,
        state: &mut CallState<'_>,
    ) -> Result<Received, Failure> {
        let Some(auth) = &self.auth else {
            return self.exchange(request, None, deadline, state).await;
        };
        let scopes = request.info.scopes;
        let token = auth.token(&self.transport, scopes).await?;
        state.secrets.tokens.push(token.clone());
        let response = self.exchange(request, Some(&token), deadline, state).await?;
        if response.status != StatusCode::UNAUTHORIZED || !auth.reject(scopes, &token) {
            return Ok(response);
        }
        if !request.replayable() {
            // A streamed body is gone: the next call gets a fresh token, this one returns the 401.
            tracing::info!("the API rejected the access token; not resending a streamed body");
            return Ok(response);
        }
        // Dropped now rather than kept alongside the resend for nothing. The server refused the
        // request it answers: until the resend goes, nothing it may act on has been sent.
        drop(response);
        state.progress = Progress::NotHanded;
        tracing::info!("the API rejected the access token; fetching a new one");
        let token = auth.token(&self.transport, scopes).await?;
        state.secrets.tokens.push(token.clone());
        self.exchange(request, Some(&token), deadline, state).await
    }
}
