//! `goldpath fleet`: the registry read from the publish cache, surveyed against today's
//! catalog, policies and prices.

use super::args::{FleetArgs, FleetFormat};
use super::fleet_prs::{Context, lags, open_prs};
use crate::Error;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::fleet::Entry;
use crate::fleet::{Judges, survey, table};
use crate::guardrails::bundle::shipped_policies;
use crate::pipeline::Guards;
use crate::publish::read_registry;
use std::io::Write;
use std::path::Path;

pub(super) fn run(
    catalog: &Catalog,
    config: &Config,
    config_flag: Option<&Path>,
    args: &FleetArgs,
    quiet: bool,
    sources: &dyn Fn(&str) -> Result<Catalog, Error>,
) -> Result<i32, Error> {
    let url = super::publish::registry_url(args.registry.as_ref(), config)?;
    let token = super::publish::token(super::publish::forge_of(config, &args.forge, &url));
    let base = args.base.clone().or_else(|| config.registry.base.clone());
    let resume = format!(
        "goldpath fleet --registry {}",
        shlex::try_quote(&url).map_or_else(|_| url.clone(), |q| q.into_owned())
    );
    let started = std::time::Instant::now();
    let snapshot = read_registry(
        &url,
        base.as_deref(),
        token.as_ref(),
        &super::publish::registry_cache()?,
        &resume,
    )?;
    let policies = shipped_policies()?;
    let (prices, budgets) = super::cost::costing(Some(config))?;
    let fleet = survey(
        &snapshot.files,
        &Judges {
            catalog,
            policies: &policies,
            prices: &prices,
        },
    );
    let (actions, stopped) = if args.open_prs {
        let lagging: Vec<&Entry> = fleet.modules.iter().filter(|e| lags(e)).collect();
        let guards = Guards {
            policies: &policies,
            prices: &prices,
            budgets: &budgets,
        };
        open_prs(
            &Context {
                catalog,
                config,
                config_flag,
                args,
                url: &url,
                guards: &guards,
                sources,
                quiet,
            },
            &snapshot,
            &lagging,
        )?
    } else {
        (Vec::new(), false)
    };
    let text = match args.format {
        FleetFormat::Json => {
            let mut doc = serde_json::to_value(&fleet).expect("JSON values serialize");
            doc["registry"] = serde_json::json!({
                "url": crate::publish::display_url(&url),
                "branch": snapshot.branch,
                "commit": snapshot.commit,
            });
            if args.open_prs {
                doc["pull_requests"] =
                    serde_json::to_value(&actions).expect("JSON values serialize");
            }
            serde_json::to_string_pretty(&doc).expect("JSON values serialize") + "\n"
        }
        FleetFormat::Markdown => table(&fleet, true),
        FleetFormat::Human => table(&fleet, false),
    };
    anstream::stdout()
        .write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    if !quiet && args.format == FleetFormat::Human {
        let behind = fleet.templates.values().map(|t| t.behind).sum::<usize>();
        let _ = writeln!(
            anstream::stderr(),
            "{} generated module{} on {} ({}), {behind} behind the catalog, in {:.1} s",
            fleet.modules.len(),
            if fleet.modules.len() == 1 { "" } else { "s" },
            snapshot.branch,
            &snapshot.commit[..12.min(snapshot.commit.len())],
            started.elapsed().as_secs_f64()
        );
    }
    if args.format != FleetFormat::Json {
        let mut err = anstream::stderr();
        for a in &actions {
            let pr = a
                .pull_request
                .as_ref()
                .map(|pr| format!(" #{} {}", pr.number, pr.url))
                .unwrap_or_default();
            let reason = a
                .reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            let _ = writeln!(err, "{:<8} {}{pr}{reason}", a.action, a.path);
        }
    }
    if stopped {
        let _ = writeln!(
            anstream::stderr(),
            "stopped early: the forge or the registry failed (see above); run the same command again later to carry on"
        );
        return Ok(3);
    }
    if actions.iter().any(|a| a.action == "failed") {
        return Ok(1);
    }
    Ok(0)
}
