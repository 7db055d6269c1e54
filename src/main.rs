use std::process::ExitCode;

use clap::Parser;
use lit_tui::cli::{AppCli, Cli, Command};
use lit_tui::commands;
use lit_tui::error::UserError;

fn main() -> ExitCode {
    lit_tui::startup::mark_launch();
    if std::env::var_os("ORT_DISABLE_TELEMETRY").is_none() {
        // SAFETY: the first thing main does, before any other thread exists.
        // ONNX Runtime reads it when it starts: no device id, no telemetry cache
        // under ~/.cache/Microsoft, no upload.
        unsafe { std::env::set_var("ORT_DISABLE_TELEMETRY", "1") };
    }
    lit_tui::malloc::limit_arenas();
    lit_tui::contained::install_hook();
    let args: Vec<String> = std::env::args().collect();
    if !Cli::wants_subcommand(&args) {
        let app = AppCli::parse();
        return finish(lit_tui::tui::run(&app.app.config()));
    }
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Predict(args)) => commands::predict(args),
        Some(Command::Metrics(args)) => commands::metrics(args),
        Some(Command::Inspect(args)) => commands::inspect(args),
        Some(Command::Project(args)) => commands::project(args),
        Some(Command::Explain(args)) => commands::explain(args),
        Some(Command::Generate(args)) => commands::generate(args),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "lit-tui", &mut std::io::stdout());
            Ok(())
        }
        Some(Command::LabelIssues(args)) => commands::label_issues(args),
        Some(Command::Cohorts(args)) => commands::cohorts(args),
        Some(Command::SalienceClusters(args)) => commands::salience_clusters(args),
        None => match &cli.app {
            Some(args) => lit_tui::tui::run(&args.config()),
            None => Err(anyhow::Error::new(UserError::new(
                "give --model and --data, or a subcommand; see lit-tui --help",
            ))),
        },
    };
    finish(result)
}

fn finish(result: anyhow::Result<()>) -> ExitCode {
    let code = match result {
        Ok(()) => 0,
        Err(e) => {
            match e.downcast_ref::<UserError>() {
                Some(user) => eprintln!("error: {user}"),
                None => eprintln!("error: {e:#}"),
            }
            2
        }
    };
    exit_now(code)
}

/// Ends the process without C++ static destructors. Sessions are made and
/// run on worker threads (the screen does not wait for them), and ONNX
/// Runtime's destructors crashed the process when it quit while one was
/// still at work. Everything lit-tui writes is written, renamed and closed
/// by now (the command has returned and dropped its state); only the
/// standard streams need a flush.
#[cfg(unix)]
fn exit_now(code: u8) -> ExitCode {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: _exit ends the process at once; nothing runs after it.
    unsafe { libc::_exit(i32::from(code)) }
}

#[cfg(not(unix))]
fn exit_now(code: u8) -> ExitCode {
    ExitCode::from(code)
}
