//! The command-line front end: thin handlers over the library, for people and for CI.

pub mod args;
mod check;
mod cost;
mod fleet;
mod fleet_prs;
mod list;
mod new;
mod policy;
mod publish;
mod reproduce;
mod revision;
mod show;
mod sources;
mod style;
mod template;
mod tui;
mod update;

use crate::Error;
use crate::catalog::{self, Catalog};
use crate::config::Config;
use args::{Cli, Command};
use clap::CommandFactory;
use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

/// What every command may need from the process: quietness, colour, the cancel flag.
pub struct Session<'a> {
    /// Print only errors.
    pub quiet: bool,
    /// Colour in the terminal UI.
    pub color: bool,
    /// Raised by Ctrl-C and SIGTERM.
    pub cancel: &'a AtomicBool,
    /// When the process started.
    pub started: Instant,
}

/// Runs a parsed command line; returns the exit code on success.
pub fn run(cli: Cli, cancel: &AtomicBool, started: Instant) -> Result<i32, Error> {
    let session = Session {
        quiet: cli.quiet,
        color: match cli.color {
            args::ColorWhen::Always => true,
            args::ColorWhen::Never => false,
            args::ColorWhen::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        },
        cancel,
        started,
    };
    let Some(command) = &cli.command else {
        let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        if !terminal || !crate::tui::can_host() {
            let _ = Cli::command().print_help();
            return Ok(2);
        }
        let (config, catalog) = load(&cli)?;
        let settings = new::Settings {
            out: None,
            force: false,
            dry_run: false,
            allow_violations: false,
            format: args::Format::Human,
            publish: None,
            config: None,
        };
        return tui::run(
            &catalog,
            &config,
            cli.config.as_deref(),
            None,
            settings,
            &session,
        );
    };
    match command {
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
        Command::Check(args) => check::run(args, &Config::load(cli.config.as_deref())?, cli.quiet),
        Command::Cost(args) => cost::run(args, &Config::load(cli.config.as_deref())?, cli.quiet),
        Command::Policy(args::PolicyCommand::Test { dir, format }) => policy::test(dir, *format),
        Command::Template(command) => template::run(command, &cli, &session),
        Command::New(args) => {
            let (config, catalog) = load(&cli)?;
            new::run(&catalog, &config, cli.config.as_deref(), args, &session)
        }
        Command::Fleet(args) => {
            let (config, catalog) = load(&cli)?;
            let pinned = |spec: &str| pinned_source(spec, &cli);
            fleet::run(
                &catalog,
                &config,
                cli.config.as_deref(),
                args,
                cli.quiet,
                &pinned,
            )
        }
        Command::Update(args) => {
            let (config, catalog) = load(&cli)?;
            let pinned = |spec: &str| pinned_source(spec, &cli);
            update::run(
                &catalog,
                &config,
                cli.config.as_deref(),
                args,
                &session,
                &pinned,
            )
        }
        Command::Publish(args) => {
            let (config, catalog) = load(&cli)?;
            publish::run(&catalog, &config, cli.config.as_deref(), args, cli.quiet)
        }
    }
}

/// The catalog of one git source at a recorded commit (with the embedded templates, which
/// its templates may nest): where an update finds the version a module was generated from.
fn pinned_source(spec: &str, cli: &Cli) -> Result<Catalog, Error> {
    let mut raws = sources::read(&[spec.to_string()], cli)?;
    raws.extend(catalog::embedded());
    Catalog::from_raw(raws)
}

/// Reads the config and builds the catalog: `--templates` dirs, config dirs, then embedded.
fn load(cli: &Cli) -> Result<(Config, Catalog), Error> {
    let config = Config::load(cli.config.as_deref())?;
    let mut raws = sources::read(&cli.templates, cli)?;
    raws.extend(sources::read(&config.templates, cli)?);
    raws.extend(catalog::embedded());
    Ok((config, Catalog::from_raw(raws)?))
}
