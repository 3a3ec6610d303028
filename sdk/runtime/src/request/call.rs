//! `Call`: the request every generated request builder wraps, with its per-call settings.

use std::time::Duration;

use super::Operation;
use crate::client::Client;
use crate::error::Error;
use crate::response::ResponseValue;
use crate::send::{self, CallOptions, Intercept, RetryPolicy};

/// A request ready to be sent: the operation's parameters plus per-call settings.
///
/// Generated crates wrap it in one request builder per operation, which adds the operation's
/// setters and forwards these methods; set what you need, then `send().await`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct Call<P> {
    pub(crate) client: Client,
    pub(crate) params: P,
    pub(crate) options: CallOptions,
}

/// A generated request builder: the [`Call`] it wraps, for code that works with any operation.
pub trait IntoCall {
    /// The operation's parameters.
    type Operation: Operation;
    /// The call, with everything set on the builder so far.
    fn into_call(self) -> Call<Self::Operation>;
}

impl<P: Operation> IntoCall for Call<P> {
    type Operation = P;

    fn into_call(self) -> Call<P> {
        self
    }
}

impl<P: Operation> Call<P> {
    #[doc(hidden)]
    pub fn new(client: Client, params: P) -> Self {
        Self { client, params, options: CallOptions::default() }
    }

    /// The parameters as set so far.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// The parameters, for the generated setters.
    #[doc(hidden)]
    pub fn params_mut(&mut self) -> &mut P {
        &mut self.params
    }

    /// The attempt timeout of this call, instead of the client's (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The operation timeout of this call, instead of the client's (see
    /// [`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout)).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.options.operation_timeout = Some(timeout);
        self
    }

    /// Retry settings for this call, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Adds a header to this call (every attempt, and every page of a stream), like the official
    /// SDKs' per-call headers. Several values for one name are all sent.
    ///
    /// A header of the same name as one the SDK sends by default (`Accept`, `User-Agent`) replaces
    /// it. `send()` refuses, with [`Error::InvalidRequest`] and before sending anything, a name or
    /// value that is not valid in HTTP, the headers that frame the message or belong to the
    /// connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`,
    /// `Proxy-Connection`, `Upgrade`, `TE`, `Trailer`, `Expect`), `Content-Type` (the SDK encodes the
    /// body), a header the operation takes as a parameter (use its setter), and `Authorization`
    /// when the client authenticates (it sends its own token).
    ///
    /// `Authorization`, `Proxy-Authorization` and `Cookie` values are marked sensitive; no header
    /// value shows in this builder's `Debug`, and the SDK never sends them to another origin (it
    /// follows no redirect there). Token requests never carry these headers.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<[u8]>) -> Self {
        self.options.headers.add(name.as_ref(), value.as_ref());
        self
    }

    /// Runs `interceptor` around every request of this call (and of every page of a stream), after
    /// the client's interceptors and those added to the call before it (see [`Intercept`]).
    pub fn intercept(mut self, interceptor: impl Intercept) -> Self {
        self.options.interceptors.push(std::sync::Arc::new(interceptor));
        self
    }

    /// Sends the request (retrying as configured) and decodes the success body.
    pub async fn send(self) -> Result<ResponseValue<P::Output>, Error<P::ErrorBody>> {
        execute(&self.client, &self.params, &self.options).await
    }
}

/// One call of `P` with `params`: shared by [`Call::send`] and the pages of a stream.
pub(crate) async fn execute<P: Operation>(
    client: &Client,
    params: &P,
    options: &CallOptions,
) -> Result<ResponseValue<P::Output>, Error<P::ErrorBody>> {
    send::execute(client.sender(), &P::INFO, params, params.request(), options, P::decode, P::decode_error).await
}
