//! Runtime for graphgen-generated clients.
