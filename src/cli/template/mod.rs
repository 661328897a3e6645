//! `goldpath template …`: the platform team's authoring loop.

mod lint;
mod new;
mod preview;
mod schema;
mod sources;
mod test;

use super::args::TemplateCommand;
use super::{Cli, Session};
use crate::Error;

/// Runs one `template` subcommand; returns the exit code.
pub(super) fn run(
    command: &TemplateCommand,
    cli: &Cli,
    session: &Session<'_>,
) -> Result<i32, Error> {
    match command {
        TemplateCommand::New(args) => new::run(args, cli),
        TemplateCommand::Lint(args) => lint::run(args, cli),
        TemplateCommand::Test(args) => test::run(args, cli),
        TemplateCommand::Preview(args) => preview::run(args, cli, session),
        TemplateCommand::Schema => schema::run(),
        TemplateCommand::Sources { format } => sources::run(*format, cli),
    }
}
