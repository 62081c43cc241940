//! The integration tests, in one binary: each module is one area of the
//! generator, seen as a user sees it (built sites read as parsed HTML, the
//! binary run and its exit code and messages checked). One binary links the
//! crate once, and its tests share the builds that they only read
//! (`common::bundled`).
//!
//! Diagnostics (what `check` and `build` print) are compared with
//! snapshots in `snapshots/` (insta): see the README's "Tests" section for
//! how to update them.

mod common;
mod dev_server;

mod atomic;
mod authoring;
mod compare;
mod errors;
mod exports;
mod fuzz;
mod history;
mod hostile;
mod incremental;
mod known;
mod map;
mod odd_content;
mod output;
mod search_split;
mod serve;
mod site;
