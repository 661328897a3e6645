//! Running the terminal UI from the command line, and carrying out how it ended.

use super::Session;
use super::args::RegistryArgs;
use super::new::{Publishing, Settings, produce, reproduce};
use crate::Error;
use crate::answers::Inputs;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::tui::{self, app::Exit};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Opens the UI (at a template's form when `start` is given) and writes (and publishes) what it
/// produced.
pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    start: Option<(usize, Inputs)>,
    settings: Settings<'_>,
    session: &Session<'_>,
) -> Result<i32, Error> {
    let options = tui::Options {
        start,
        color: session.color,
        started: session.started,
        trace: std::env::var_os("GOLDPATH_TUI_TRACE").map(PathBuf::from),
        registry: settings
            .publish
            .as_ref()
            .and_then(|p| p.registry.registry.clone())
            .or_else(|| config.registry.url.clone()),
    };
    match tui::run(catalog.templates(), options, session.cancel)? {
        Exit::Quit => {
            if !session.quiet {
                let _ = writeln!(anstream::stderr(), "quit: nothing was written");
            }
            Ok(0)
        }
        Exit::Terminated => Err(Error::Interrupted),
        Exit::Write {
            template,
            inputs,
            out,
            force,
            allow_violations,
            publish,
        } => {
            let template = catalog.get(&template)?;
            let publish = settings.publish.or_else(|| {
                publish.then(|| Publishing {
                    catalog,
                    config,
                    config_flag,
                    registry: RegistryArgs::default(),
                })
            });
            let settings = Settings {
                out: Some(out),
                force: settings.force || force,
                dry_run: settings.dry_run,
                allow_violations: settings.allow_violations || allow_violations,
                format: settings.format,
                publish,
            };
            let code = produce(template, &inputs, None, &settings, session)?;
            reproduce(template, &inputs, &settings, session);
            Ok(code)
        }
    }
}
