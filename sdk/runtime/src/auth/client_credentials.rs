//! OAuth2 client credentials: the token request to the token endpoint, one of the sources of the
//! token cache.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LOCATION};
use url::Url;

use super::Scopes;
use super::cache::Outcome;
use super::token;
use crate::error::AuthFailure;
use crate::error::redact::{Redactor, Secret};
use crate::http::{BodyError, SendError, Transport, read_limited};

pub(crate) struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    token_url: Url,
    /// The client secret in every form a server may echo it.
    secret_forms: Redactor,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    pub(crate) fn new(client_id: String, client_secret: String, token_url: Url) -> Self {
        let mut secret_forms = Redactor::default();
        secret_forms.add(&client_secret);
        Self { client_id, client_secret: Secret::new(client_secret), token_url, secret_forms }
    }

    pub(super) fn token_url(&self) -> &Url {
        &self.token_url
    }

    pub(super) fn secret_forms(&self) -> &Redactor {
        &self.secret_forms
    }

    /// One token request; `held` blanks out the secret and the tokens the client held when it started.
    pub(super) async fn fetch(&self, transport: &Transport, scopes: Scopes, held: &Redactor) -> Outcome {
        let scopes = scopes.join(" ");
        tracing::debug!(scopes = %scopes, "fetching an access token");
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            form.append_pair("client_id", &self.client_id);
            form.append_pair("client_secret", self.client_secret.expose());
            if !scopes.is_empty() {
                form.append_pair("scope", &scopes);
            }
            form.finish()
        };
        let requested_at = Instant::now();
        let (status, headers, body) = self.post(transport, form, held).await.map_err(Arc::new)?;
        token::accept(status, headers, body, requested_at, held).map(Arc::new)
    }

    /// The token request itself: never redirected, and its answer read up to a small limit.
    async fn post(
        &self,
        transport: &Transport,
        form: String,
        held: &Redactor,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, bytes::Bytes), AuthFailure> {
        let mut request = reqwest::Request::new(reqwest::Method::POST, self.token_url.clone());
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        *request.body_mut() = Some(reqwest::Body::from(form));
        let mut response = match transport.send(request).await {
            Ok(response) => response,
            Err(SendError::Http(e)) => {
                return Err(AuthFailure::unreachable("the token endpoint could not be reached", e));
            }
            // The mock answers every token request; should that change, its failure is the reason.
            #[cfg(feature = "test-util")]
            Err(SendError::Mock(failure)) => return Err(AuthFailure::provider(Box::new(failure))),
            Err(SendError::Redirected { status, url, headers }) => {
                let reason = format!(
                    "the HTTP client followed a redirect of the token endpoint by itself, to {}; token requests never follow redirects (build the client with redirect::Policy::none())",
                    held.url(&url)
                );
                return Err(AuthFailure::refused(status, headers, held, reason));
            }
        };
        let status = response.status();
        // Taken, not cloned: the response needs only its body from here on.
        let headers = std::mem::take(response.headers_mut());
        if status.is_redirection() {
            let location = headers.get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let target = match location {
                None => "nowhere (no Location)".to_owned(),
                Some(raw) => match self.token_url.join(raw.trim()) {
                    Ok(url) => held.url(&url),
                    Err(_) => format!("{:?} (not a valid URL)", held.text(&raw)),
                },
            };
            return Err(AuthFailure::refused(
                status,
                headers,
                held,
                format!(
                    "the token endpoint answered HTTP {status} with a redirect to {target}; token requests never follow redirects"
                ),
            ));
        }
        match read_limited(response, token::TOKEN_RESPONSE_LIMIT).await {
            Ok(body) => Ok((status, headers, body)),
            Err(BodyError::TooLarge { limit, .. }) => Err(AuthFailure::refused(
                status,
                headers,
                held,
                format!("the token response exceeds the {limit}-byte limit for token responses"),
            )),
            Err(BodyError::Transport(e)) => Err(AuthFailure::unreachable("the token response could not be read", e)),
        }
    }
}
