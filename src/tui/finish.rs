//! The finish screen's state: where to write, and what must be confirmed first.

use super::edit::LineEdit;

/// What the user can do with the reviewed module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// Write it to a directory.
    #[default]
    Write,
    /// Open a pull request in the registry repository.
    Publish,
}

/// What the chosen directory holds, as the worker found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirState {
    /// Nothing there yet.
    Missing,
    /// An empty directory.
    Empty,
    /// A directory with this many entries.
    NonEmpty(usize),
    /// Something that is not a directory, or cannot be read.
    Unusable(String),
}

/// A question the user must answer with y or n before the module is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// The directory is not empty.
    NonEmpty {
        /// Entries already there.
        entries: usize,
    },
    /// Guardrails deny the module.
    Violations {
        /// Deny findings.
        count: usize,
    },
}

/// The finish screen's state.
#[derive(Debug, Clone, Default)]
pub struct FinishView {
    /// The selected action.
    pub choice: Choice,
    /// The output directory.
    pub dir: LineEdit,
    /// Whether keys go to the directory field.
    pub editing: bool,
    /// A pending confirmation.
    pub confirm: Option<Confirm>,
    /// The user agreed to write into a non-empty directory.
    pub force: bool,
    /// Waiting for the worker to look at the directory.
    pub probing: bool,
    /// The user asked to write before the render arrived; go on when it does.
    pub queued: bool,
    /// Why the last attempt could not go on.
    pub message: Option<String>,
    /// The module being written and published, while the worker does it.
    pub publishing: Option<super::Delivery>,
    /// What the publish has done so far, one line per step.
    pub log: Vec<String>,
    /// The finished publish: its delivery and the line to show (the pull request's link).
    pub published: Option<(super::Delivery, String)>,
}
