//! `goldpath cost`: the itemised monthly estimate of any Terraform tree, offline.

use super::args::{CostArgs, CostFormat};
use super::revision::snapshot;
use crate::Error;
use crate::config::Config;
use crate::cost::budget::Budgets;
use crate::cost::bundle::USAGE_FILE;
use crate::cost::compare::{self, Comparison};
use crate::cost::estimate::{ModuleFiles, estimate};
use crate::cost::report::{self, CostReport, ModuleCost};
use crate::cost::resources::usage_keys;
use crate::cost::table::PriceTable;
use crate::cost::{layer, usage};
use crate::guardrails::files::{self, ModuleDir, display_join};
use crate::guardrails::input::SourceFile;
use crate::guardrails::local_disk::DiskModules;
use crate::render::{RECORD_FILE, parse_record};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &CostArgs, config: &Config, quiet: bool) -> Result<i32, Error> {
    let show_table = matches!(args.prices, Some(None));
    if let (true, Some(other)) = (show_table, &args.compare_to) {
        return Err(Error::CostCompare {
            reference: other.clone(),
            message: "`--prices` without a file prints the price table and compares nothing; to compare with a price file write `goldpath cost DIR --compare-to OTHER --prices FILE`".into(),
        });
    }
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
    let given = match &args.usage {
        Some(path) => Some(read_usage(path, &path.display().to_string(), quiet)?),
        None => None,
    };
    let pricing = Pricing {
        given: given.as_ref(),
        table: &table,
        quiet,
    };
    let shown = files::display_root(&dir);
    let report = tree_report(&dir, &shown, &pricing, None)?;
    if report.modules.is_empty() {
        return Err(Error::Check {
            path: dir,
            message: "holds no Terraform files (.tf or .tf.json)".into(),
        });
    }
    let text = match &args.compare_to {
        None => match args.format {
            CostFormat::Human => report::human(&report),
            CostFormat::Json => report.json(),
            CostFormat::Markdown => report::markdown(&report),
        },
        Some(other) => {
            let before = before_report(other, &dir, &shown, &pricing)?;
            comparison_text(&compare::compare(&before, &report), args.format)?
        }
    };
    print(&text)?;
    Ok(0)
}

/// The estimate of every module under `dir` (paths shown below `shown`, see
/// [`files::display_root`]), each with the `--usage` file or else its own usage file (named by
/// `label` in messages, when given); no modules when it holds no Terraform files.
fn tree_report(
    dir: &Path,
    shown: &str,
    pricing: &Pricing<'_>,
    label: Option<&dyn Fn(&str) -> String>,
) -> Result<CostReport, Error> {
    let table = pricing.table;
    let modules = files::read_modules(dir, shown)?;
    let roots = roots(&modules);
    let base = if shown.is_empty() {
        dir.to_path_buf()
    } else {
        PathBuf::from(".")
    };
    let local = DiskModules::new(&base, Vec::<String>::new());
    // Usage files are read in order, so their warnings are too; the estimates run in parallel.
    let mut jobs = Vec::new();
    for module in roots {
        let module_dir = dir.join(
            module
                .dir
                .strip_prefix(shown)
                .unwrap_or(&module.dir)
                .trim_start_matches('/'),
        );
        let region = recorded_region(&module_dir);
        let inner = module_dir.strip_prefix(dir).unwrap_or(Path::new(""));
        let named = label.map(|l| l(&display_join(&inner.to_string_lossy(), USAGE_FILE)));
        let usage = side_usage(pricing, &module_dir, named.as_deref())?;
        jobs.push((module, region, usage));
    }
    let estimated = crate::parallel::by_parts(&jobs, |part| {
        part.iter()
            .map(|(module, region, usage)| {
                let sources: Vec<SourceFile<'_>> = module
                    .files
                    .iter()
                    .map(|(path, text)| SourceFile { path, text })
                    .collect();
                let files = ModuleFiles {
                    files: &sources,
                    dir: &module.dir,
                    local_modules: &local,
                };
                let estimate =
                    estimate(files, region.as_deref(), usage, table).map_err(|e| Error::Check {
                        path: PathBuf::from(&e.file),
                        message: format!("line {}, column {}: {}", e.line, e.column, e.message),
                    })?;
                Ok(ModuleCost {
                    dir: if module.dir.is_empty() {
                        ".".into()
                    } else {
                        module.dir.clone()
                    },
                    estimate,
                })
            })
            .collect()
    })
    .into_iter()
    .collect::<Result<Vec<_>, Error>>()?;
    Ok(CostReport::new(estimated))
}

/// The estimate of every module under `dir`, each with its own usage file, priced with the
/// config's price file: what `check --format json` carries.
pub(super) fn tree_cost(dir: &Path, config: &Config) -> Result<CostReport, Error> {
    let table = prices(config.cost.prices.as_deref())?;
    let pricing = Pricing {
        given: None,
        table: &table,
        quiet: true,
    };
    tree_report(dir, &files::display_root(dir), &pricing, None)
}

/// The one-line estimate `new` prints: the monthly total, what is unpriced, the budget.
pub(super) fn summary(cost: &crate::pipeline::Cost, dir: &Path) -> String {
    let e = &cost.estimate;
    let unpriced = match e.unpriced {
        0 => String::new(),
        1 => ", 1 item unpriced".into(),
        n => format!(", {n} items unpriced"),
    };
    let budget = match &cost.verdict.budget {
        Some(b) if cost.verdict.over() => format!(
            "; {} over the budget of {} ({})",
            report::usd(cost.verdict.over_by),
            report::usd(b.monthly),
            b.scope
        ),
        Some(b) => format!(
            "; within the budget of {} ({})",
            report::usd(b.monthly),
            b.scope
        ),
        None => String::new(),
    };
    format!(
        "estimate: {} a month in {}{unpriced}{budget}; `goldpath cost {}` itemises it",
        report::usd(e.monthly),
        e.region,
        dir.display()
    )
}

/// The price table and budgets a module is priced and held to: the config's, else the
/// shipped table and no budgets.
pub(super) fn costing(config: Option<&Config>) -> Result<(PriceTable, Budgets), Error> {
    let prices = prices(config.and_then(|c| c.cost.prices.as_deref()))?;
    let budgets = config.map(|c| c.budgets.clone()).unwrap_or_default();
    Ok((prices, budgets))
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

/// The usage file at `path` (named `shown` in messages), its warnings on stderr.
fn read_usage(path: &Path, shown: &str, quiet: bool) -> Result<usage::UsageFile, Error> {
    let shown = shown.to_string();
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

/// What both sides of a comparison are priced with.
struct Pricing<'a> {
    /// The `--usage` file, for both sides; else each side's own usage file.
    given: Option<&'a usage::UsageFile>,
    /// The price table.
    table: &'a PriceTable,
    /// Whether usage-file warnings are kept off stderr.
    quiet: bool,
}

/// The `--usage` file when given, else `dir`'s usage file (named `shown` in messages, else by
/// its path), else no usage.
fn side_usage(
    pricing: &Pricing<'_>,
    dir: &Path,
    shown: Option<&str>,
) -> Result<usage::UsageFile, Error> {
    if let Some(given) = pricing.given {
        return Ok(given.clone());
    }
    let path = dir.join(USAGE_FILE);
    if !path.is_file() {
        return Ok(usage::UsageFile::empty());
    }
    let shown = shown.map_or_else(|| path.display().to_string(), str::to_string);
    read_usage(&path, &shown, pricing.quiet)
}

/// The "before" of `--compare-to OTHER`: the directory OTHER, else DIR's tree at the git
/// revision OTHER; its modules named as DIR's (shown as `shown`) are, to match them.
fn before_report(
    other: &str,
    dir: &Path,
    shown: &str,
    pricing: &Pricing<'_>,
) -> Result<CostReport, Error> {
    let path = Path::new(other);
    if path.is_dir() {
        let theirs = files::display_root(path);
        let report = tree_report(path, &theirs, pricing, None)?;
        return Ok(relabel(report, &theirs, shown));
    }
    let snapshot = snapshot(other, dir)?;
    let at = |name: &str| format!("{other}:{}", display_join(&snapshot.path, name));
    let report = tree_report(snapshot.dir.path(), "", pricing, Some(&at)).map_err(|e| match e {
        Error::Check { path, message } => Error::Check {
            path: PathBuf::from(at(&path.to_string_lossy())),
            message,
        },
        other => other,
    })?;
    Ok(relabel(report, "", shown))
}

/// `report` with its modules' directories moved from below the display root `from` to below
/// `to`.
fn relabel(mut report: CostReport, from: &str, to: &str) -> CostReport {
    for module in &mut report.modules {
        let inner = match module.dir.strip_prefix(from) {
            Some(_) if module.dir == "." => "",
            Some(rest) => rest.trim_start_matches('/'),
            None => module.dir.as_str(),
        };
        module.dir = match (inner, to) {
            ("", "") => ".".into(),
            ("", to) => to.into(),
            (inner, to) => display_join(to, inner),
        };
    }
    report
}

/// The comparison in `format`.
fn comparison_text(comparison: &Comparison, format: CostFormat) -> Result<String, Error> {
    Ok(match format {
        CostFormat::Human => compare::human(comparison),
        CostFormat::Markdown => compare::markdown(comparison),
        CostFormat::Json => {
            serde_json::to_string_pretty(comparison).map_err(|e| Error::Write {
                path: "stdout".into(),
                source: std::io::Error::other(e),
            })? + "\n"
        }
    })
}
