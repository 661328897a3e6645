//! Plain mode: the form's questions as line prompts (inquire), in the same order, with the same
//! conditions, defaults and validation as every other front end.

use crate::Error;
use crate::answers::{Inputs, evaluate, text_to_json};
use crate::catalog::Template;
use crate::catalog::manifest::{Kind, Parameter};
use inquire::validator::Validation;
use inquire::{Confirm, InquireError, MultiSelect, Select, Text};
use serde_json::Value as J;
use std::sync::atomic::{AtomicBool, Ordering};

static PROMPTING: AtomicBool = AtomicBool::new(false);

/// Whether a line prompt is waiting for the user. Nothing has been written then, so a
/// termination signal may end the process at once: the prompt would never see the flag.
pub fn prompting() -> bool {
    PROMPTING.load(Ordering::SeqCst)
}

/// Clears [`prompting`] however the questions end.
struct Prompting;

impl Drop for Prompting {
    fn drop(&mut self) {
        PROMPTING.store(false, Ordering::SeqCst);
    }
}

/// Asks every parameter that is asked for the answers so far, pre-filled from `inputs`;
/// returns the inputs with the answers in the form layer.
pub fn ask(template: &Template, inputs: Inputs) -> Result<Inputs, Error> {
    PROMPTING.store(true, Ordering::SeqCst);
    let _prompting = Prompting;
    let manifest = &template.manifest;
    let mut inputs = inputs.into_form(manifest);
    for param in &manifest.parameters {
        if !evaluate(manifest, &inputs).asked.contains(&param.name) {
            continue;
        }
        let answer = question(template, param, &inputs).map_err(|e| match e {
            InquireError::OperationCanceled | InquireError::OperationInterrupted => {
                Error::Interrupted
            }
            other => Error::Terminal {
                source: std::io::Error::other(other.to_string()),
            },
        })?;
        inputs.form.insert(param.name.clone(), answer);
    }
    Ok(inputs)
}

/// Problems with `value` as the answer to `param`, in the CLI's words.
fn problems(template: &Template, param: &Parameter, inputs: &Inputs, value: J) -> Vec<String> {
    let mut trial = inputs.clone();
    trial.form.insert(param.name.clone(), value);
    evaluate(&template.manifest, &trial)
        .problems
        .into_iter()
        .filter(|p| p.parameter == param.name)
        .map(|p| format!("expected {}", p.expected))
        .collect()
}

fn question(template: &Template, param: &Parameter, inputs: &Inputs) -> Result<J, InquireError> {
    let current = inputs.effective(param);
    let label = format!("{}:", param.name);
    let help = (!param.help.is_empty()).then_some(param.help.as_str());
    match param.kind {
        Kind::Boolean => {
            let mut p = Confirm::new(&label).with_default(current == Some(J::Bool(true)));
            if let Some(help) = help {
                p = p.with_help_message(help);
            }
            p.prompt().map(J::Bool)
        }
        Kind::Choice => {
            let start = current
                .as_ref()
                .and_then(J::as_str)
                .and_then(|c| param.choices.iter().position(|x| x == c))
                .unwrap_or(0);
            let mut p = Select::new(&label, param.choices.clone()).with_starting_cursor(start);
            if let Some(help) = help {
                p = p.with_help_message(help);
            }
            p.prompt().map(J::String)
        }
        Kind::List if !param.choices.is_empty() => {
            let chosen: Vec<usize> = match &current {
                Some(J::Array(items)) => param
                    .choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| items.iter().any(|i| i.as_str() == Some(c.as_str())))
                    .map(|(i, _)| i)
                    .collect(),
                _ => Vec::new(),
            };
            let mut p = MultiSelect::new(&label, param.choices.clone()).with_default(&chosen);
            if let Some(help) = help {
                p = p.with_help_message(help);
            }
            p.prompt()
                .map(|items| J::Array(items.into_iter().map(J::String).collect()))
        }
        Kind::String | Kind::Integer | Kind::List => {
            let default = match &current {
                Some(J::String(s)) => s.clone(),
                Some(J::Array(items)) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(", "),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let kind = param.kind;
            let validator = move |text: &str| {
                let issues = problems(template, param, inputs, text_to_json(kind, text));
                Ok(if issues.is_empty() {
                    Validation::Valid
                } else {
                    Validation::Invalid(issues.join("; ").into())
                })
            };
            let list_help;
            let help = if kind == Kind::List {
                list_help = format!("{} (comma-separated)", param.help);
                Some(list_help.as_str())
            } else {
                help
            };
            let mut p = Text::new(&label).with_validator(validator);
            if !default.is_empty() {
                p = p.with_initial_value(&default);
            }
            if let Some(help) = help {
                p = p.with_help_message(help);
            }
            p.prompt().map(|text| text_to_json(kind, &text))
        }
    }
}
