//! `goldpath template test`.

use crate::Error;
use crate::cli::Cli;
use crate::cli::args::{TemplateTestArgs, TemplateTestFormat, TemplateTestJudges};
use crate::template_test::disk::{Options, test_dirs};
use crate::template_test::judge::JudgeMode;
use crate::template_test::{exit_code, report};
use std::io::Write;

/// Runs `goldpath template test`: 0 when every fixture passes, 1 when one fails; an invalid
/// template is an error (exit 2).
pub(super) fn run(args: &TemplateTestArgs, cli: &Cli) -> Result<i32, Error> {
    let options = Options {
        update: args.update,
        judges: match args.judges {
            TemplateTestJudges::Auto => JudgeMode::Auto,
            TemplateTestJudges::None => JudgeMode::None,
        },
    };
    let extra = crate::cli::sources::read(&cli.templates, cli)?;
    let reports = test_dirs(&args.dirs, extra, &options)?;
    let text = match args.format {
        TemplateTestFormat::Human => report::human(&reports),
        TemplateTestFormat::Json => report::json(&reports) + "\n",
        TemplateTestFormat::Junit => report::junit(&reports),
    };
    anstream::stdout()
        .write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    Ok(exit_code(&reports))
}
