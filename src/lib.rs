//! goldpath: opinionated Terraform modules from templates, rendered safely, checked, and written.
//!
//! The pipeline is catalog → answers → render → guardrails → output → publish; [`pipeline`] is
//! the one call every front end makes. Everything up to the output is pure: values in, values
//! out.

pub mod answers;
pub mod catalog;
pub mod cli;
pub mod condition;
pub mod config;
pub mod cost;
pub mod error;
pub mod fleet;
pub mod guardrails;
pub mod lint;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod preview;
pub mod prompt;
pub mod publish;
pub mod remote;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod template_test;
pub mod tui;
pub mod update;

pub use error::Error;

/// goldpath's own version, recorded in every generated module.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
