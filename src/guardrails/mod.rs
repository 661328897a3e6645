//! Guardrails: the platform's rules applied to any Terraform, in-process.

pub mod annotations;
pub mod blocks;
pub mod builtin;
pub mod bundle;
pub mod calls;
pub mod choice;
pub mod conftest_builtins;
pub mod data;
pub mod evaluate;
pub mod files;
pub mod finding;
pub mod functions;
mod hcl_parse;
pub mod input;
pub mod json_syntax;
pub mod literal;
pub mod local_disk;
pub mod locate;
pub mod rego;
pub mod rego_calls;
pub mod waiver;
