//! Errors of operations that document different error bodies, in one type: [`Error::map_body`]
//! changes the documented body, [`Error::into_untyped`] (in `request/untyped.rs`, as it names
//! `RawJson` of the `model/` layer) trades it for the JSON the server sent, through `redecode`.

use serde::de::DeserializeOwned;

use super::{ApiError, Error, UnexpectedStatus};

impl<E> Error<E> {
    /// The same error with the documented body of an [`Error::Api`] turned into `F` by `f` (into
    /// an enum of your own, for example); every other case, and the status, headers and received
    /// body of an `Api` error, are kept as they are.
    ///
    /// ```
    /// # use formance_sdk_runtime::Error;
    /// /// The error bodies of two operations, in one type.
    /// #[derive(Debug)]
    /// enum AnyBody { Accounts(String), Payments(u32) }
    ///
    /// fn either(a: Error<String>, b: Error<u32>) -> [Error<AnyBody>; 2] {
    ///     [a.map_body(AnyBody::Accounts), b.map_body(AnyBody::Payments)]
    /// }
    /// ```
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        self.map_api(|api| Error::Api(api.map_body(f)))
    }

    /// The same error with, for an [`Error::Api`], the body decoded again as `F` from the body as
    /// the server sent it (with the client's secrets blanked out, what `E` was decoded from); an
    /// `Api` error whose body does not decode as `F` becomes an [`Error::UnexpectedStatus`] keeping
    /// that body. Every other case is kept as it is.
    pub(crate) fn redecode<F: DeserializeOwned>(self) -> Error<F> {
        self.map_api(|api| match serde_json::from_slice::<F>(api.response.redacted()) {
            Ok(body) => Error::Api(ApiError { response: api.response, body: Box::new(body), call: api.call }),
            Err(_) => Error::UnexpectedStatus(UnexpectedStatus { response: api.response, call: api.call }),
        })
    }

    /// Every case but `Api` as it is; `Api` through `f`.
    fn map_api<F>(self, f: impl FnOnce(ApiError<E>) -> Error<F>) -> Error<F> {
        match self {
            Self::Api(e) => f(e),
            Self::UnexpectedStatus(e) => Error::UnexpectedStatus(e),
            Self::Decode(e) => Error::Decode(e),
            Self::Transport(e) => Error::Transport(e),
            Self::Timeout(e) => Error::Timeout(e),
            Self::Auth(e) => Error::Auth(e),
            Self::InvalidRequest(e) => Error::InvalidRequest(e),
            Self::Pagination(e) => Error::Pagination(e),
            Self::Redirect(e) => Error::Redirect(e),
            Self::ResponseTooLarge(e) => Error::ResponseTooLarge(e),
            Self::Interceptor(e) => Error::Interceptor(e),
        }
    }
}

impl<E> ApiError<E> {
    /// The same error with its decoded body turned into `F` by `f`; status, headers and the
    /// received body are kept.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> ApiError<F> {
        ApiError { response: self.response, body: Box::new(f(*self.body)), call: self.call }
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;
    use crate::error::KeptResponse;
    use crate::error::redact::Redactor;

    /// An `Api` error as a call returns it: the body decoded from the redacted copy.
    fn api_error<E: serde::de::DeserializeOwned>(body: &'static str, secret: &str) -> Error<E> {
        let mut redactor = Redactor::default();
        redactor.add(secret);
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("r-1"));
        let kept = KeptResponse::new(StatusCode::CONFLICT, headers, Bytes::from_static(body.as_bytes()), &redactor);
        let decoded = serde_json::from_slice(kept.redacted()).expect("a JSON body");
        let mut error = Error::Api(ApiError::new(kept, decoded));
        error.end_call(2, false, None);
        error
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Known {
        code: String,
    }

    #[test]
    fn into_untyped_keeps_the_body_as_received_less_the_secrets() {
        let typed: Error<Known> =
            api_error(r#"{"code":"CONFLICT","echo":"s3cret","amount":123456789012345678901234567890}"#, "s3cret");
        let Error::Api(api) = typed.into_untyped() else { panic!("still an Api error") };
        assert_eq!(
            api.body().as_str(),
            r#"{"code":"CONFLICT","echo":"<redacted>","amount":123456789012345678901234567890}"#
        );
        assert_eq!(api.status(), StatusCode::CONFLICT);
        assert_eq!(api.headers()["x-request-id"], "r-1");
        assert_eq!(api.call.attempts, 2);
        assert!(std::str::from_utf8(api.unredacted_body()).expect("utf-8").contains("s3cret"));
        assert!(!api.to_string().contains("s3cret"), "{api}");
    }

    #[test]
    fn into_untyped_makes_a_body_that_is_not_json_unexpected() {
        // A documented body of another format: decoded by whatever the operation's decoder is.
        let kept = KeptResponse::new(
            StatusCode::BAD_REQUEST,
            HeaderMap::new(),
            Bytes::from_static(b"plain"),
            &Redactor::default(),
        );
        let typed: Error<String> = Error::Api(ApiError::new(kept, "plain".to_owned()));
        let Error::UnexpectedStatus(e) = typed.into_untyped() else { panic!("unexpected status") };
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert_eq!(e.body(), &Bytes::from_static(b"plain"));
    }

    #[test]
    fn map_body_changes_the_body_alone() {
        let typed: Error<Known> = api_error(r#"{"code":"CONFLICT"}"#, "unused");
        let mapped = typed.map_body(|known| known.code.len());
        assert_eq!(mapped.status(), Some(StatusCode::CONFLICT));
        assert_eq!(mapped.attempts(), 2);
        let Error::Api(api) = mapped else { panic!("still an Api error") };
        assert_eq!(*api.body(), "CONFLICT".len());
        assert_eq!(api.unredacted_body(), &Bytes::from_static(br#"{"code":"CONFLICT"}"#));
    }

    #[test]
    fn other_cases_are_kept() {
        let invalid: Error<Known> = Error::invalid("no body");
        let Error::InvalidRequest(e) = invalid.into_untyped() else { panic!("kept") };
        assert_eq!(e.message(), "no body");
        let invalid: Error<Known> = Error::invalid("no body");
        assert!(matches!(invalid.map_body(|_| ()), Error::InvalidRequest(_)));
    }
}
