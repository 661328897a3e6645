//! Running the terminal UI from the command line, and carrying out how it ended.

use super::Session;
use super::args::{Format, RegistryArgs};
use super::new::{Publishing, Settings, produce, reproduce, write_module};
use super::publish;
use crate::Error;
use crate::answers::Inputs;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::render::{self, RECORD_FILE};
use crate::tui::{self, Delivery, Publisher, app::Exit};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

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
    let registry = settings
        .publish
        .as_ref()
        .map_or_else(RegistryArgs::default, |p| p.registry.clone());
    let url = registry
        .registry
        .clone()
        .or_else(|| config.registry.url.clone());
    let publisher = url.map(|url| CliPublisher {
        catalog,
        config,
        config_flag,
        registry: registry.clone(),
        url,
        cancel: session.cancel,
    });
    let options = tui::Options {
        start,
        color: session.color,
        started: session.started,
        trace: std::env::var_os("GOLDPATH_TUI_TRACE").map(PathBuf::from),
        publisher: publisher.as_ref().map(|p| p as &dyn Publisher),
        out: settings.out.clone(),
    };
    let exit = tui::run(catalog.templates(), options, session.cancel)?;
    let (delivery, published) = match exit {
        Exit::Quit => {
            if !session.quiet {
                let _ = writeln!(anstream::stderr(), "quit: nothing was written");
            }
            return Ok(0);
        }
        Exit::Terminated => return Err(Error::Interrupted),
        Exit::Write(delivery) => (delivery, None),
        Exit::Published(delivery, line) => (delivery, Some(line)),
    };
    let template = catalog.get(&delivery.template)?;
    let written = Settings {
        out: Some(delivery.out.clone()),
        force: settings.force || delivery.force,
        dry_run: settings.dry_run,
        allow_violations: settings.allow_violations || delivery.allow_violations,
        format: settings.format,
        publish: published.as_ref().map(|_| Publishing {
            catalog,
            config,
            config_flag,
            registry: registry.clone(),
        }),
        config: Some(config),
    };
    let Some(line) = published else {
        let code = produce(template, &delivery.inputs, None, &written, session)?;
        reproduce(template, &delivery.inputs, &written, session);
        return Ok(code);
    };
    let _ = writeln!(
        anstream::stdout(),
        "published {} → {line}",
        delivery.out.display()
    );
    reproduce(template, &delivery.inputs, &written, session);
    Ok(0)
}

/// Writes and publishes from the finish screen with the same code as `new --publish`.
struct CliPublisher<'a> {
    catalog: &'a Catalog,
    config: &'a Config,
    config_flag: Option<&'a Path>,
    registry: RegistryArgs,
    url: String,
    cancel: &'a AtomicBool,
}

impl Publisher for CliPublisher<'_> {
    fn registry(&self) -> String {
        self.url.clone()
    }

    fn deliver(&self, delivery: &Delivery, progress: &dyn Fn(String)) -> Result<String, String> {
        let said = |e: Error| match miette::Diagnostic::help(&e) {
            Some(help) => format!("{e} — {help}"),
            None => e.to_string(),
        };
        let template = self.catalog.get(&delivery.template).map_err(said)?;
        let settings = Settings {
            out: Some(delivery.out.clone()),
            force: delivery.force,
            dry_run: false,
            allow_violations: delivery.allow_violations,
            format: Format::Human,
            publish: None,
            config: Some(self.config),
        };
        let written = write_module(
            template,
            &delivery.inputs,
            None,
            &settings,
            self.cancel,
            &|_| {},
        )
        .map_err(said)?;
        progress(format!(
            "wrote {} files to {}",
            written.plan.files.len(),
            written.target.display()
        ));
        let text = written
            .bundle
            .get(RECORD_FILE)
            .expect("every rendered bundle holds its record");
        let record = render::parse_record(text).map_err(|message| {
            said(Error::Record {
                path: written.target.join(RECORD_FILE),
                message,
            })
        })?;
        let module = publish::Module {
            contents: crate::publish::Contents::Dir(written.target.clone()),
            record,
            report: written.report,
            cost: Some(written.cost),
            update: None,
        };
        let resume = publish::resume_command(&written.target, &self.registry, self.config_flag);
        let outcome = publish::publish(
            self.catalog,
            self.config,
            &self.registry,
            module,
            resume,
            &|step| progress(step.to_string()),
        )
        .map_err(said)?;
        for warning in &outcome.warnings {
            progress(format!("warning: {warning}"));
        }
        Ok(match &outcome.pull_request {
            Some(pr) => format!(
                "pull request #{} ({}): {}",
                pr.number,
                if pr.created { "opened" } else { "updated" },
                pr.url
            ),
            None => format!("pushed {} at {}", outcome.branch, outcome.commit),
        })
    }
}
