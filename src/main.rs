use clap::Parser;
use goldpath::Error;
use goldpath::cli::args::{Cli, ColorWhen};
use miette::Diagnostic;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

// Parsing HCL and evaluating Rego allocate many small, short-lived values; mimalloc serves them
// faster than the system allocator (check and cost spend about a fifth of their time in malloc).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // Ctrl-C, SIGTERM and SIGHUP only raise a flag: writers and the terminal UI poll it, clean
    // up and stop. A line prompt cannot poll, and nothing is written while it waits, so then
    // the process ends at once, giving the terminal back first.
    let _ = ctrlc::set_handler(move || {
        if goldpath::prompt::prompting() {
            let _ = crossterm::terminal::disable_raw_mode();
            eprintln!("\nerror: interrupted; nothing was written");
            std::process::exit(130);
        }
        flag.store(true, Ordering::SeqCst)
    });

    let code = match goldpath::cli::run(cli, &cancel, started) {
        Ok(code) => code,
        // A reader that stops early (`goldpath template schema | head`): end quietly with the
        // status of a Unix filter stopped by SIGPIPE, as `cat` would.
        Err(Error::Write { path, source })
            if path.as_os_str() == "stdout" && source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            141
        }
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
