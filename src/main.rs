use std::process::ExitCode;

use clap::Parser;
use lit_tui::cli::{Cli, Command};
use lit_tui::commands;
use lit_tui::error::UserError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Predict(args)) => commands::predict(args),
        Some(Command::Metrics(args)) => commands::metrics(args),
        Some(Command::Inspect(args)) => commands::inspect(args),
        None => match &cli.app {
            Some(_) => Err(anyhow::anyhow!(
                "the terminal app is not built yet; use `lit-tui metrics` or `lit-tui predict`"
            )),
            None => Err(anyhow::Error::new(UserError::new(
                "give --model and --data, or a subcommand; see lit-tui --help",
            ))),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<UserError>() {
                Some(user) => eprintln!("error: {user}"),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::from(2)
        }
    }
}
