use clap::Parser;
use goldpath::Error;
use goldpath::cli::args::{Cli, ColorWhen};
use miette::Diagnostic;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn main() {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();

    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    // Ctrl-C and SIGTERM only raise a flag: writers poll it, clean up and stop.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));

    let code = match goldpath::cli::run(cli, &cancel, started) {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            err.exit_code()
        }
    };
    std::process::exit(code);
}

/// Prints an error the way ripgrep does: `error: …` lines, then what to do next.
fn report(err: &Error) {
    let red = anstyle::Style::new()
        .fg_color(Some(anstyle::AnsiColor::Red.into()))
        .bold();
    let bold = anstyle::Style::new().bold();
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "{red}error{red:#}: {err}");
    if let Some(help) = err.help() {
        let _ = writeln!(stderr, "{bold}help{bold:#}: {help}");
    }
}
