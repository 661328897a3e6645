//! The command-line front end: thin handlers over the library, for people and for CI.

pub mod args;
mod check;
mod list;
mod new;
mod policy;
mod publish;
mod show;
mod style;

use crate::Error;
use crate::catalog::{self, Catalog};
use crate::config::Config;
use args::{Cli, Command};
use clap::CommandFactory;
use std::sync::atomic::AtomicBool;

/// Runs a parsed command line; returns the exit code on success.
pub fn run(cli: Cli, cancel: &AtomicBool) -> Result<i32, Error> {
    match &cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "goldpath",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command())
                .render(&mut std::io::stdout())
                .map_err(|source| Error::Write {
                    path: "stdout".into(),
                    source,
                })?;
            Ok(0)
        }
        Command::List { format } => {
            let (_, catalog) = load(&cli)?;
            list::run(&catalog, *format)
        }
        Command::Show { template, format } => {
            let (_, catalog) = load(&cli)?;
            show::run(catalog.get(template)?, *format)
        }
        Command::Check(args) => check::run(args, cli.quiet),
        Command::Policy(args::PolicyCommand::Test { dir, format }) => policy::test(dir, *format),
        Command::New(args) => {
            let (config, catalog) = load(&cli)?;
            new::run(
                &catalog,
                &config,
                cli.config.as_deref(),
                args,
                cli.quiet,
                cancel,
            )
        }
        Command::Publish(args) => {
            let (config, catalog) = load(&cli)?;
            publish::run(&catalog, &config, cli.config.as_deref(), args, cli.quiet)
        }
    }
}

/// Reads the config and builds the catalog: `--templates` dirs, config dirs, then embedded.
fn load(cli: &Cli) -> Result<(Config, Catalog), Error> {
    let config = Config::load(cli.config.as_deref())?;
    let mut raws = Vec::new();
    for dir in cli.templates.iter().chain(&config.templates) {
        raws.extend(catalog::read_dir(dir)?);
    }
    raws.extend(catalog::embedded());
    Ok((config, Catalog::from_raw(raws)?))
}
