//! Answers: typed values for a template's parameters, gathered from every source and validated
//! the same way whatever the front end.

pub mod file;
mod resolve;
mod value;

pub use resolve::{Answers, Inputs, Problem, Resolution, Source, evaluate, resolve};
pub use value::{Value, check, coerce, parse_text, text_to_json};
