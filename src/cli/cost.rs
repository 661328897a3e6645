//! `goldpath cost`: the itemised monthly estimate of any Terraform tree, offline.

use super::args::{CostArgs, CostFormat};
use crate::Error;
use crate::config::Config;
use crate::cost::estimate::{ModuleFiles, estimate};
use crate::cost::report::{self, CostReport, ModuleCost};
use crate::cost::resources::usage_keys;
use crate::cost::table::PriceTable;
use crate::cost::{layer, usage};
use crate::guardrails::files::{self, ModuleDir};
use crate::guardrails::input::SourceFile;
use crate::guardrails::local_disk::DiskModules;
use crate::render::{RECORD_FILE, parse_record};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The usage file a rendered module carries.
pub const USAGE_FILE: &str = "infracost-usage.yml";

pub(super) fn run(args: &CostArgs, config: &Config, quiet: bool) -> Result<i32, Error> {
    let show_table = matches!(args.prices, Some(None));
    let price_file = match &args.prices {
        Some(Some(path)) => Some(path.clone()),
        _ => config.cost.prices.clone(),
    };
    let table = prices(price_file.as_deref())?;
    if show_table {
        if let Some(dir) = &args.dir {
            return Err(Error::CostFile {
                path: dir.display().to_string(),
                line: None,
                message: "`--prices` without a file prints the price table and takes no directory; to estimate with a price file write `goldpath cost DIR --prices FILE`".into(),
            });
        }
        let text = match args.format {
            CostFormat::Json => {
                serde_json::to_string_pretty(&table).expect("the table serializes") + "\n"
            }
            _ => report::prices(&table),
        };
        return print(&text).map(|()| 0);
    }
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let usage_path = args.usage.clone().or_else(|| {
        let beside = dir.join(USAGE_FILE);
        beside.is_file().then_some(beside)
    });
    let usage = match &usage_path {
        Some(path) => read_usage(path, quiet)?,
        None => usage::UsageFile::empty(),
    };
    let shown = files::display_root(&dir);
    let modules = files::read_modules(&dir, &shown)?;
    if modules.is_empty() {
        return Err(Error::Check {
            path: dir,
            message: "holds no Terraform files (.tf or .tf.json)".into(),
        });
    }
    let roots = roots(&modules);
    let base = if shown.is_empty() {
        dir.clone()
    } else {
        PathBuf::from(".")
    };
    let local = DiskModules::new(&base, Vec::<String>::new());
    let mut estimated = Vec::new();
    for module in roots {
        let sources: Vec<SourceFile<'_>> = module
            .files
            .iter()
            .map(|(path, text)| SourceFile { path, text })
            .collect();
        let module_dir = dir.join(
            module
                .dir
                .strip_prefix(shown.as_str())
                .unwrap_or(&module.dir)
                .trim_start_matches('/'),
        );
        let region = recorded_region(&module_dir);
        let files = ModuleFiles {
            files: &sources,
            dir: &module.dir,
            local_modules: &local,
        };
        let estimate =
            estimate(files, region.as_deref(), &usage, &table).map_err(|e| Error::Check {
                path: PathBuf::from(&e.file),
                message: format!("line {}, column {}: {}", e.line, e.column, e.message),
            })?;
        estimated.push(ModuleCost {
            dir: if module.dir.is_empty() {
                ".".into()
            } else {
                module.dir.clone()
            },
            estimate,
        });
    }
    let report = CostReport::new(estimated);
    let text = match args.format {
        CostFormat::Human => report::human(&report),
        CostFormat::Json => report.json(),
        CostFormat::Markdown => report::markdown(&report),
    };
    print(&text)?;
    Ok(0)
}

/// The shipped table, with `file` layered over it.
fn prices(file: Option<&Path>) -> Result<PriceTable, Error> {
    let shipped = PriceTable::shipped();
    let Some(file) = file else {
        return Ok(shipped.clone());
    };
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let shown = file.display().to_string();
    layer::apply(shipped, &shown, &text).map_err(|e| Error::CostFile {
        path: shown,
        line: e.line,
        message: e.message,
    })
}

/// The usage file at `path`, its warnings on stderr.
fn read_usage(path: &Path, quiet: bool) -> Result<usage::UsageFile, Error> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let parsed = usage::parse(&text).map_err(|e| Error::CostFile {
        path: shown.clone(),
        line: e.line,
        message: e.message,
    })?;
    let (warnings, errors) = parsed.check(&usage_keys);
    if let Some(e) = errors.into_iter().next() {
        return Err(Error::CostFile {
            path: shown,
            line: e.line,
            message: e.message,
        });
    }
    if !quiet {
        for w in warnings {
            let _ = writeln!(
                anstream::stderr(),
                "warning: {shown}:{}: {}",
                w.line,
                w.message
            );
        }
    }
    Ok(parsed)
}

/// The modules to estimate: every module directory except the examples of a module above it
/// and the modules/ it calls, which its own estimate includes.
fn roots(modules: &[ModuleDir]) -> Vec<&ModuleDir> {
    let dirs: Vec<&str> = modules.iter().map(|m| m.dir.as_str()).collect();
    modules
        .iter()
        .filter(|m| {
            !dirs.iter().any(|above| {
                let inner = if above.is_empty() {
                    Some(m.dir.as_str())
                } else {
                    m.dir
                        .strip_prefix(above)
                        .and_then(|rest| rest.strip_prefix('/'))
                };
                *above != m.dir
                    && inner.is_some_and(|rest| {
                        rest.starts_with("examples/")
                            || rest.starts_with("modules/")
                            || rest == "examples"
                            || rest == "modules"
                    })
            })
        })
        .collect()
}

/// The `region` answer of the module's `.goldpath.yaml`, when it has one.
fn recorded_region(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(RECORD_FILE)).ok()?;
    let record = parse_record(&text).ok()?;
    record.answers.get("region")?.as_str().map(str::to_string)
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = anstream::stdout();
    out.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })
}
