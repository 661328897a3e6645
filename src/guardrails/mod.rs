//! Guardrails: the platform's rules applied to any Terraform, in-process.

pub mod builtin;
pub mod bundle;
pub mod evaluate;
pub mod files;
pub mod finding;
pub mod input;
pub mod rego;
pub mod waiver;
