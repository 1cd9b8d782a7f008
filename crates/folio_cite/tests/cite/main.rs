//! One test binary for the crate (one link instead of five on a small
//! machine), split by concern.

mod hostile;
mod parsers;
mod seeds;
mod snapshots;
mod styles;
