//! The command-line contract, as clap definitions.

use crate::publish::forge::place::ForgeKind;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// goldpath: the platform's paved road to production-grade Terraform modules.
#[derive(Debug, Parser)]
#[command(name = "goldpath", version, about, long_about = None)]
pub struct Cli {
    /// Extra template source, searched before the config's sources and the embedded templates:
    /// a directory (one template, or a directory of templates) or a git repository at a ref,
    /// GIT-URL[//SUBDIR]#REF. Repeatable.
    #[arg(long = "templates", value_name = "DIR|GIT-URL#REF", global = true)]
    pub templates: Vec<String>,

    /// Fetch git template sources again, even when the cache holds the commit asked for.
    #[arg(long, global = true)]
    pub refresh: bool,

    /// Config file [default: ./goldpath.toml, else the XDG config dir's goldpath/goldpath.toml].
    #[arg(long, value_name = "FILE", env = "GOLDPATH_CONFIG", global = true)]
    pub config: Option<PathBuf>,

    /// When to use colour (NO_COLOR is honoured in auto mode).
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// Print only errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// The command to run; without one, the terminal UI opens (when stdin and stdout are
    /// terminals; otherwise this help is printed).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Colour choice for stderr and human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when the stream is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// goldpath's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the templates in the catalog.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Show a template's parameters.
    Show {
        /// Template name.
        template: String,
        /// Output format; json-schema prints a JSON Schema of the template's answers file.
        #[arg(long, value_enum, default_value_t = ShowFormat::Human)]
        format: ShowFormat,
    },
    /// Render a template into a new module directory.
    New(NewArgs),
    /// Check Terraform modules against the guardrails (built-in checks and Rego policies).
    Check(CheckArgs),
    /// Estimate the monthly cost of Terraform modules, offline, itemised.
    Cost(CostArgs),
    /// Bring a generated module forward to a newer template version: a three-way merge with
    /// your edits, block by block in Terraform files, with `moved` blocks for renamed resources.
    Update(UpdateArgs),
    /// Every generated module of the registry: version and how far behind, hand edits,
    /// guardrails under today's policies, monthly cost; totals per template and team.
    Fleet(FleetArgs),
    /// Publish a rendered module as a pull request in the module registry repository.
    Publish(PublishArgs),
    /// Work with Rego policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Author templates: start, lint, test them; print the manifest's JSON Schema.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// Arguments of `goldpath fleet`.
#[derive(Debug, clap::Args)]
pub struct FleetArgs {
    /// The registry repository: any git URL or a local path [config: registry.url].
    #[arg(long, value_name = "URL")]
    pub registry: Option<String>,
    /// The branch to survey [config: registry.base; default: the remote's default branch].
    #[arg(long, value_name = "BRANCH")]
    pub base: Option<String>,
    /// Open an update pull request for every module behind the catalog, skipping those that
    /// have one open already; safe to re-run.
    #[arg(long)]
    pub open_prs: bool,
    /// Open at most N pull requests in this run (the rest wait for the next one).
    #[arg(long, value_name = "N", requires = "open_prs")]
    pub limit: Option<usize>,
    /// Which forge and repository the pull requests go to.
    #[command(flatten)]
    pub forge: ForgeArgs,
    /// Open the pull requests as drafts [config: registry.draft].
    #[arg(long, requires = "open_prs")]
    pub draft: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FleetFormat::Human)]
    pub format: FleetFormat,
}

/// Output format of fleet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FleetFormat {
    /// Tables for people.
    Human,
    /// One JSON document on stdout.
    Json,
    /// Markdown tables, for a pull request, an issue or a wiki page.
    Markdown,
}

/// Arguments of `goldpath update`.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The module directory: one `goldpath new` wrote, holding its `.goldpath.yaml`.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The version to update to [default: the newest in the catalog].
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Set or change one answer, typed by the template; repeatable. A parameter new in the
    /// target version without a default must be answered here when there is no terminal.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,
    /// Print the diff and what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the update despite deny findings, recording them in `.goldpath.yaml`.
    #[arg(long)]
    pub allow_violations: bool,
    /// Never ask: a missing answer is an error.
    #[arg(long)]
    pub non_interactive: bool,
    /// Open (or update) a pull request with the update in the registry: a branch per module
    /// and target version; then write DIR.
    #[arg(long, conflicts_with = "dry_run")]
    pub publish: bool,
    /// Registry settings, used with --publish.
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `goldpath check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Directory to check, where every directory below it holding `.tf` or `.tf.json` files is
    /// a module; or one `.tf` or `.tf.json` file, checked on its own.
    #[arg(default_value = ".", value_name = "DIR|FILE")]
    pub dir: PathBuf,
    /// Rego policies (conftest conventions) instead of goldpath's shipped library: a directory
    /// (every `.rego` file below it except `*_test.rego`) or one `.rego` file; repeatable, the
    /// files are merged.
    #[arg(long, value_name = "PATH")]
    pub policies: Vec<PathBuf>,
    /// Rego package whose rules run, or a pattern where `*` stands for any characters (`main.*`);
    /// repeatable [default: `main` with --policies, every package
    /// of the shipped library otherwise].
    #[arg(long = "namespace", value_name = "PACKAGE")]
    pub namespaces: Vec<String>,
    /// Run the rules of every package.
    #[arg(long, conflicts_with = "namespaces")]
    pub all_namespaces: bool,
    /// Data for the policies (`data.…`): a JSON or YAML file, or a directory of them, each
    /// merged at the path of its directory; repeatable. JSON and YAML files in the --policies
    /// directories are loaded the same way.
    #[arg(long, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// Give policies conftest's combined input (`conftest test --combine`): a list of
    /// `{path, contents}`, one per file of the module, instead of the merged module.
    #[arg(long)]
    pub combine: bool,
    /// Run only the Rego policies, not goldpath's built-in checks [config: check.builtin].
    #[arg(long)]
    pub no_builtin: bool,
    /// Drop the findings of a rule, by id (`GP-NET-001`, a Rego rule's id or
    /// `package.rule`); repeatable, added to the config's check.skip.
    #[arg(long, value_name = "RULE")]
    pub skip: Vec<String>,
    /// Report a rule's deny findings as warnings, by id; repeatable, added to the config's
    /// check.warn.
    #[arg(long = "warn", value_name = "RULE")]
    pub downgrade: Vec<String>,
    /// Output format [default: github when GITHUB_ACTIONS=true, else human].
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Lowest unwaived severity that fails the run (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Deny)]
    pub fail_on: FailOn,
}

/// Arguments of `goldpath cost`.
#[derive(Debug, clap::Args)]
pub struct CostArgs {
    /// Directory to estimate [default: .]: each module in it (not its examples/ or the
    /// modules/ its root calls, which the root's estimate includes).
    pub dir: Option<PathBuf>,
    /// Usage file, Infracost's format [default: DIR/infracost-usage.yml when it exists].
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// A team price file layered over the shipped table [default: the config's cost.prices].
    /// Without a FILE (and without DIR), print the price table: version, date and sources.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub prices: Option<Option<PathBuf>>,
    /// Show the monthly difference from another version, line by line: a directory, else a
    /// branch, tag or commit (`main`, `v1.4.0`, `HEAD~1`) of the git repository holding DIR,
    /// whose DIR is read from git without touching the work tree.
    #[arg(long, value_name = "DIR|GIT-REF")]
    pub compare_to: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CostFormat::Human)]
    pub format: CostFormat,
}

/// Output format of cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostFormat {
    /// A table for people.
    Human,
    /// One JSON document.
    Json,
    /// Markdown, for pull requests and CI summaries.
    Markdown,
}

/// Output format of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Text for people.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// JUnit XML.
    Junit,
    /// GitHub Actions annotations.
    Github,
    /// GitLab's code quality report (CodeClimate JSON), for `artifacts: reports: codequality`.
    Gitlab,
}

/// Severity threshold of check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only deny findings fail.
    Deny,
    /// Warn findings fail too.
    Warn,
}

/// `goldpath policy …` commands.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run the Rego unit tests (`test_*` rules in `*_test.rego`) of a policy directory.
    Test {
        /// Policy directory, searched recursively for `.rego` files.
        #[arg(default_value = "policies")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// `goldpath template …`: the platform team's authoring loop.
#[derive(Debug, clap::Subcommand)]
pub enum TemplateCommand {
    /// Create a new template directory that lints and tests clean as created.
    New(TemplateNewArgs),
    /// Static checks of template directories: every problem at once, with file and line.
    Lint(TemplateLintArgs),
    /// Render every fixture of template directories, hold it to the guardrails and compare it
    /// with its golden copy.
    Test(TemplateTestArgs),
    /// Watch a template directory in the terminal: the module a fixture renders, its guardrail
    /// findings and the lint, again on every save.
    Preview(TemplatePreviewArgs),
    /// Print the JSON Schema of `template.toml`.
    Schema,
    /// List the template sources in search order: each one's commit and templates.
    Sources {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

/// Arguments of `goldpath template new`.
#[derive(Debug, clap::Args)]
pub struct TemplateNewArgs {
    /// Directory to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Template name [default: DIR's last component]: lowercase letters, digits and `-`.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Start from this catalog template instead of the starter, under the new name: a
    /// --templates directory is copied whole (fixtures, golden copies, policies), an embedded
    /// template's manifest, files and fixtures are copied.
    #[arg(long, value_name = "TEMPLATE")]
    pub from: Option<String>,
}

/// Arguments of `goldpath template lint`.
#[derive(Debug, clap::Args)]
pub struct TemplateLintArgs {
    /// Template directories (each holds template.toml), or directories of templates.
    #[arg(default_value = ".")]
    pub dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::lint::output::Format::Human)]
    pub format: crate::lint::output::Format,
}

/// Arguments of `goldpath template test`.
#[derive(Debug, clap::Args)]
pub struct TemplateTestArgs {
    /// Template directories: each one template (it holds template.toml) or a directory of
    /// templates.
    #[arg(default_value = ".")]
    pub dirs: Vec<PathBuf>,
    /// Rewrite the golden copies (tests/golden/<fixture>/) from the rendered modules and remove
    /// stale ones; review the change in the diff.
    #[arg(long)]
    pub update: bool,
    /// Outside judges (terraform fmt -check, terraform validate, checkov): `auto` runs those
    /// installed and reports the others as skipped; `none` skips them all.
    #[arg(long, value_enum, default_value_t = TemplateTestJudges::Auto)]
    pub judges: TemplateTestJudges,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TemplateTestFormat::Human)]
    pub format: TemplateTestFormat,
}

/// Arguments of `goldpath template preview`.
#[derive(Debug, clap::Args)]
pub struct TemplatePreviewArgs {
    /// The template directory (it holds template.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The fixture under tests/ to render first, by name (`prod` or `prod.yaml`) [default: the
    /// first]; `f` switches fixtures.
    #[arg(long, value_name = "NAME", conflicts_with = "answers")]
    pub fixture: Option<String>,
    /// Render an answers file instead of a fixture; it is watched too.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
}

/// Which outside judges `template test` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateTestJudges {
    /// Those installed; the others are reported as skipped.
    Auto,
    /// None; each is reported as skipped by request.
    None,
}

/// Output format of `template test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateTestFormat {
    /// Text for people.
    Human,
    /// One JSON document on stdout.
    Json,
    /// JUnit XML on stdout.
    Junit,
}

/// Arguments of `goldpath new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Template name (`goldpath list` shows them), or NAME@VERSION for an earlier released
    /// version (`goldpath show NAME` lists them).
    #[arg(value_name = "TEMPLATE[@VERSION]")]
    pub template: String,
    /// Answers file: a YAML or JSON mapping of parameter name to value.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Set one answer, typed by the template (lists are comma-separated). Repeatable; wins over
    /// the answers file.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub set: Vec<(String, String)>,
    /// Output directory [default: ./<name answer>, else ./<template>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Render and check, then list what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write into a non-empty directory: rendered files replace same-named files, others stay.
    #[arg(long)]
    pub force: bool,
    /// Write even when guardrails deny; the findings are reported and recorded in .goldpath.yaml.
    #[arg(long)]
    pub allow_violations: bool,
    /// Never prompt: a missing answer is an error (always the case when stdin or stdout is not a
    /// terminal, and with --format json).
    #[arg(long)]
    pub non_interactive: bool,
    /// Ask with line prompts instead of the full-screen terminal UI (also used when TERM is
    /// unset or dumb).
    #[arg(long, conflicts_with = "non_interactive")]
    pub plain: bool,
    /// Publish the written module to the registry (a branch and a pull request).
    #[arg(long, conflicts_with = "dry_run")]
    pub publish: bool,
    /// Registry settings, used with --publish.
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Arguments of `goldpath publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// A module directory goldpath rendered (it holds .goldpath.yaml).
    pub dir: PathBuf,
    /// Registry settings.
    #[command(flatten)]
    pub registry: RegistryArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Where and how to publish; each flag wins over the `[registry]` table of goldpath.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct RegistryArgs {
    /// The registry repository: any git URL or a local path [config: registry.url].
    #[arg(long, value_name = "URL")]
    pub registry: Option<String>,
    /// Which forge and repository the pull request goes to.
    #[command(flatten)]
    pub forge: ForgeArgs,
    /// Base branch of the pull request [config: registry.base; default: the remote's default
    /// branch].
    #[arg(long, value_name = "BRANCH")]
    pub base: Option<String>,
    /// Where the module goes, with {team}, {name} and {template} placeholders [config:
    /// registry.path; default: modules/{team}/{name}].
    #[arg(long, value_name = "PATTERN")]
    pub path: Option<String>,
    /// Open the pull request as a draft [config: registry.draft].
    #[arg(long)]
    pub draft: bool,
    /// Stop after pushing the branch; open no pull request.
    #[arg(long)]
    pub no_pr: bool,
}

/// Which forge hosts the registry, and which repository on it, when the URL does not tell.
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct ForgeArgs {
    /// The forge hosting the registry [config: registry.forge; default: from the URL's host].
    #[arg(long, value_enum, value_name = "FORGE")]
    pub forge: Option<ForgeKind>,
    /// The registry's GitHub repository [config: registry.github_repo; default: from the URL].
    #[arg(long, value_name = "OWNER/NAME")]
    pub github_repo: Option<String>,
    /// The registry's GitLab project (GROUP/NAME) or Azure DevOps repository
    /// (ORGANIZATION/PROJECT/REPOSITORY) [config: registry.project; default: from the URL].
    #[arg(long, value_name = "PATH")]
    pub project: Option<String>,
}

/// Output format of list and new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people.
    Human,
    /// One JSON document on stdout.
    Json,
}

/// Output format of show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// Text for people.
    Human,
    /// One JSON document on stdout.
    Json,
    /// JSON Schema of the answers file.
    JsonSchema,
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE (e.g. --set team=data)")),
    }
}
