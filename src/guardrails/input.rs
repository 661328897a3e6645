//! The guardrails input document.
