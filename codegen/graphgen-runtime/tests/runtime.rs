//! The runtime's tests, one module per concern, in one test binary.

#[cfg(any(feature = "async-client", feature = "blocking-client"))]
mod support;

mod batch;
mod client_async;
mod client_blocking;
mod credential;
mod edm;
mod generated_calls;
mod options;
mod request;
