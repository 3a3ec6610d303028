//! `Call`: the request builder every operation method returns.

use std::time::Duration;

use crate::runtime::Operation;
use crate::{Client, Error, ResponseValue, RetryPolicy};

/// A request ready to be sent: the operation's parameters plus per-call settings.
/// Set optional parameters with the generated setters, then `send().await`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent with `.send().await`"]
pub struct Call<P> {
    pub(crate) client: Client,
    pub(crate) params: P,
    pub(crate) options: CallOptions,
}

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl<P: Operation> Call<P> {
    pub fn new(client: Client, params: P) -> Self {
        Self { client, params, options: CallOptions::default() }
    }

    /// The parameters as set so far.
    pub fn params(&self) -> &P {
        &self.params
    }

    /// Time allowed for each attempt of this call, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retry settings for this call, instead of the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Sends the request (retrying as configured) and decodes the success body.
    pub async fn send(self) -> Result<ResponseValue<P::Output>, Error> {
        crate::execute::execute(&self.client, &self.params, &self.options).await
    }
}
