//! goldpath's error type: what went wrong in the user's terms, and the exit code it maps to.

use crate::answers::{Problem, Source};
use crate::catalog::manifest::ManifestProblem;
use std::fmt::Write;
use std::path::PathBuf;

/// Everything that can stop a goldpath command.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// The named template is in no source.
    #[error("no template named `{name}`")]
    #[diagnostic(help("available templates: {available}; `goldpath list` shows them"))]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// Names that exist.
        available: String,
    },

    /// An update cannot start: what is missing and what to do.
    #[error("{message}")]
    #[diagnostic(help("{help}"))]
    Update {
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
    },

    /// A template has no such version.
    #[error("template `{template}` has no version {version}")]
    #[diagnostic(help(
        "versions of `{template}`: {available}; `goldpath show {template}` lists them"
    ))]
    UnknownVersion {
        /// The template.
        template: String,
        /// The version asked for.
        version: String,
        /// Versions that exist.
        available: String,
    },

    /// A template's manifest is broken.
    #[error("{}", manifest_report(path, problems))]
    #[diagnostic(help("fix the fields listed in the template's template.toml"))]
    Manifest {
        /// The manifest file.
        path: String,
        /// Every problem found.
        problems: Vec<ManifestProblem>,
    },

    /// A template directory could not be read or holds something goldpath refuses.
    #[error("template `{template}`: {message}")]
    #[diagnostic(help("fix the template directory; templates hold only regular UTF-8 text files"))]
    TemplateFiles {
        /// Template name or directory.
        template: String,
        /// What is wrong.
        message: String,
    },

    /// Answers failed validation.
    #[error("{}", answers_report(origin.as_deref(), problems))]
    #[diagnostic(help(
        "correct the answers above; `goldpath show TEMPLATE` lists every parameter"
    ))]
    Answers {
        /// The answers file, when one was given.
        origin: Option<String>,
        /// Every problem found.
        problems: Vec<Problem>,
    },

    /// An answers file is not a valid YAML/JSON mapping.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    #[diagnostic(help("an answers file is a YAML (or JSON) mapping of parameter name to value"))]
    AnswersFile {
        /// The file.
        path: String,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// A template rendered into something invalid: a bug in the template, not in the answers.
    #[error("template `{template}`, file {file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    #[diagnostic(help("this is a bug in the template; report it to the template's owners"))]
    Render {
        /// Template name.
        template: String,
        /// Template file (path under files/).
        file: String,
        /// Line in the rendered output, when known.
        line: Option<usize>,
        /// What went wrong.
        message: String,
    },

    /// The config file is invalid.
    #[error("{path}: {message}")]
    #[diagnostic(help("fix goldpath.toml; the README documents its keys"))]
    Config {
        /// The config file.
        path: String,
        /// What is wrong.
        message: String,
    },

    /// An input file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(help("check the path and its permissions"))]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },

    /// The output directory holds files and `--force` was not given.
    #[error("{} is not empty", path.display())]
    #[diagnostic(help(
        "choose another --out directory, or pass --force to write into it (files goldpath renders are replaced, others are kept)"
    ))]
    OutputNotEmpty {
        /// The target directory.
        path: PathBuf,
    },

    /// The output path exists and is not a directory.
    #[error("{} exists and is not a directory", path.display())]
    #[diagnostic(help("choose another --out path"))]
    OutputNotDirectory {
        /// The target path.
        path: PathBuf,
    },

    /// Writing the output failed; nothing was left half-written.
    #[error("cannot write {}: {source}", path.display())]
    #[diagnostic(help(
        "check free space and permissions, then run the same command again; nothing was changed"
    ))]
    Write {
        /// What was being written.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },

    /// A Rego policy failed to load or evaluate.
    #[error("{}: {message}", path.display())]
    #[diagnostic(help(
        "fix the policy; policies use Rego v1 syntax (`import rego.v1`, `if`, `contains`)"
    ))]
    Policy {
        /// The policy file or directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// A data document for the policies that cannot be loaded.
    #[error("{}: {message}", path.display())]
    #[diagnostic(help(
        "fix the data file: each is a JSON or YAML object, read from --data and from the --policies directories, and two files never set the same value"
    ))]
    Data {
        /// The data file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// A `--namespace` that selects no package of the loaded policies.
    #[error("--namespace `{pattern}` matches no package of the policies (packages: {})", packages.join(", "))]
    #[diagnostic(help(
        "name a package of the policies, or a pattern where `*` stands for any characters (`main.*`, `*`); --all-namespaces runs them all"
    ))]
    Namespace {
        /// The pattern as given.
        pattern: String,
        /// The packages the policies declare.
        packages: Vec<String>,
    },

    /// A directory could not be checked.
    #[error("{}: {message}", path.display())]
    #[diagnostic(help(
        "fix what is named above, or point `goldpath check` at a directory of Terraform modules or a .tf file; a module that does not parse is never reported as clean"
    ))]
    Check {
        /// The directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// A usage file or price file goldpath cannot use.
    #[error("{path}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    #[diagnostic(help(
        "fix the file at the line named; the README's Cost section documents usage files (Infracost's format, version 0.1) and price files"
    ))]
    CostFile {
        /// The file.
        path: String,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },

    /// Guardrails deny the rendered module; nothing was written.
    #[error("guardrails deny this module ({count} finding{}); nothing was written", if *count == 1 { "" } else { "s" })]
    #[diagnostic(help(
        "change the answers that cause the findings above, or pass --allow-violations to write anyway (the findings are recorded in .goldpath.yaml and the PR asks for a waiver)"
    ))]
    GuardrailsDeny {
        /// Unwaived deny findings.
        count: usize,
    },

    /// The terminal UI could not drive the terminal.
    #[error("the terminal failed: {source}")]
    #[diagnostic(help(
        "answer in plain prompts with --plain, or give every answer with --answers/--set and --non-interactive"
    ))]
    Terminal {
        /// What failed.
        source: std::io::Error,
    },

    /// Publishing settings are missing or invalid.
    #[error("{message}")]
    #[diagnostic(help(
        "pass the registry flags or set the [registry] table of goldpath.toml; the README's Publishing section lists them"
    ))]
    Registry {
        /// What is missing or wrong.
        message: String,
    },

    /// A module's `.goldpath.yaml` cannot be read back.
    #[error("{}: {message}", path.display())]
    #[diagnostic(help(
        "publish a directory `goldpath new` wrote; its .goldpath.yaml must be as goldpath wrote it"
    ))]
    Record {
        /// The record file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// Guardrails deny a module given to `publish`; nothing was published.
    #[error("guardrails deny this module ({count} finding{}); nothing was published", if *count == 1 { "" } else { "s" })]
    #[diagnostic(help(
        "fix the findings above, or render the module with --allow-violations so the pull request asks for a waiver"
    ))]
    PublishDeny {
        /// Unwaived deny findings.
        count: usize,
    },

    /// A publish step failed; the module stays on disk.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Publish(#[from] crate::publish::PublishError),

    /// `template new` cannot create the template asked for.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Scaffold(#[from] crate::scaffold::ScaffoldError),

    /// A git template source cannot be used.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Source(#[from] crate::catalog::SourceError),

    /// A command that needs the full-screen terminal was run without one.
    #[error(
        "`goldpath {command}` needs a terminal: stdin and stdout must be a terminal and TERM must be set (not `dumb`)"
    )]
    #[diagnostic(help("{instead}"))]
    NeedsTerminal {
        /// The command.
        command: String,
        /// What to run without a terminal.
        instead: String,
    },

    /// The user interrupted the command; nothing was written.
    #[error("interrupted; nothing was written")]
    Interrupted,

    /// What `cost --compare-to` names cannot be compared with.
    #[error("--compare-to {reference}: {message}")]
    #[diagnostic(help(
        "give a directory, or a branch, tag or commit (`main`, `v1.4.0`, `HEAD~1`) of the git repository that holds DIR"
    ))]
    CostCompare {
        /// The directory or revision given.
        reference: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The process exit code for this error, as the CLI contract defines.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Write { .. } => 3,
            Error::GuardrailsDeny { .. } | Error::PublishDeny { .. } => 1,
            Error::Publish(e) => e.exit_code(),
            Error::Source(e) => e.exit_code(),
            Error::Interrupted => 130,
            _ => 2,
        }
    }
}

fn manifest_report(path: &str, problems: &[ManifestProblem]) -> String {
    let mut out = format!(
        "{path}: invalid template manifest ({} problem{})",
        problems.len(),
        plural(problems.len())
    );
    for p in problems {
        let _ = write!(out, "\n  {}: {}", p.field, p.message);
    }
    out
}

fn answers_report(origin: Option<&str>, problems: &[Problem]) -> String {
    let mut out = format!(
        "invalid answers ({} problem{})",
        problems.len(),
        plural(problems.len())
    );
    for p in problems {
        let place = match (p.source, origin) {
            (Source::File(line), Some(file)) => format!("{file}:{line}"),
            (Source::File(line), None) => format!("line {line}"),
            (Source::Set, _) => "--set".into(),
            (Source::Form, _) => "form".into(),
            (Source::Config, _) => "goldpath.toml".into(),
            (Source::Default, _) => "template default".into(),
            (Source::Missing, _) => "missing".into(),
        };
        let given = p
            .value
            .as_deref()
            .map(|v| format!(" = {v}"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "\n  {place}: {}{given}: expected {}",
            p.parameter, p.expected
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
