//! The terminal: raw mode and the alternate screen, restored on every way out
//! (quit, error, panic, SIGTERM, SIGHUP); one event loop that drains every
//! queued event, then draws once.

use std::io::{Stdout, stdout};
use std::sync::Arc;

use anyhow::Result;
use crossterm::event::{Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::action::Action;
use crate::app::config::AppConfig;
use crate::app::keymap::Keymap;
use crate::app::layout::Layout;
use crate::app::{App, AppParts};
use crate::model::Model;
use crate::ui::{self, Theme};
use loading::Loading;

mod inputs;
mod loading;
mod suspend;
pub mod switch;

pub use inputs::{Inputs, load as load_inputs};

pub fn run(config: &AppConfig) -> Result<()> {
    // Everything that can fail on bad input fails before the screen changes,
    // but for the rows of a big file past its first screen (`loading`).
    let preview = inputs::preview(config);
    let previewing = preview.is_some();
    let first = match preview {
        Some(p) => p,
        None => inputs::load(config)?,
    };
    crate::startup::reached("inputs read");
    let layout = Layout::load(config.layout.as_deref())?;
    let keymap = Keymap::load(config.keymap.as_deref())?;
    let mut theme = Theme::load(&config.theme)?;
    let view = config
        .view
        .as_deref()
        .map(crate::app::view::read)
        .transpose()?;
    let compared = config
        .compare
        .iter()
        .map(|path| {
            if !path.exists() {
                return Err(crate::user_error!(
                    "--compare {}: the model does not exist; give --compare an export folder (model.onnx, tokenizer.json, config.json) or an .onnx file",
                    path.display()
                ));
            }
            Model::load(&config.compared_options(path)).map(Arc::new)
        })
        .collect::<Result<Vec<_>>>()?;
    // Bad input is reported first, with or without a terminal.
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let which = if std::io::stdin().is_terminal() {
            "stdout is redirected"
        } else {
            "stdin is not a terminal"
        };
        return Err(crate::user_error!(
            "lit-tui needs a terminal ({which}); use `lit-tui predict` for scripts"
        ));
    }
    let opening = Opening {
        layout,
        keymap,
        compared,
        view,
        session_root: crate::paths::data_root(),
        out_of_sample: config.out_of_sample,
    };
    let mut app = opening.open(&first, !previewing)?;
    crate::startup::reached("app built");
    if previewing {
        app.shared.preview = Some(loading::status(config, app.shared.rows.len()));
    }
    let Inputs {
        dataset,
        precomputed,
        ..
    } = first;
    let mut switching = switch::Context {
        config: config.clone(),
        dataset,
        precomputed,
    };

    let mut terminal = enter(!config.no_mouse)?;
    let pending = previewing.then_some(&opening);
    let result = event_loop(&mut terminal, &mut app, &mut theme, &mut switching, pending);
    app.cancel_jobs();
    // A session that could not be saved makes the exit code say so.
    let saved = app.finish();
    leave();
    result.and(saved)
}

/// What every app of this run is made with: the preview's, then the full one.
struct Opening {
    layout: Layout,
    keymap: Keymap,
    compared: Vec<Arc<Model>>,
    view: Option<crate::app::view::ViewState>,
    session_root: Option<std::path::PathBuf>,
    out_of_sample: bool,
}

impl Opening {
    /// The app on `inputs`. A preview (`full` false) restores no session and
    /// saves none: what the user makes is made in the full app.
    fn open(&self, inputs: &Inputs, full: bool) -> Result<App> {
        let registry = crate::modules::registry();
        let mut app = App::new(AppParts {
            model: inputs.model.clone(),
            compared: self.compared.clone(),
            dataset: &inputs.dataset,
            layout: self.layout.clone(),
            keymap: self.keymap.clone(),
            registry: &registry,
            session_root: self.session_root.as_deref().filter(|_| full),
        })?;
        app.shared.model.out_of_sample = self.out_of_sample;
        if let Some(view) = self.view.as_ref().filter(|_| full) {
            app.open_view(view);
        }
        if let Some(note) = &app.model.device_note {
            app.apply(crate::app::effect::Effect::Status(note.clone()));
        }
        Ok(app)
    }
}

type Term = Terminal<CrosstermBackend<Stdout>>;

fn enter(mouse: bool) -> Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A background job's panic becomes that job's error (the runner
        // catches it); only the main thread's takes the terminal down, unless
        // a contained call turns it into an error (`contained`).
        if std::thread::current().name() == Some("main") && !crate::contained::containing() {
            leave();
            previous(info);
        }
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, crossterm::cursor::Hide)?;
    if mouse {
        execute!(stdout(), crossterm::event::EnableMouseCapture)?;
    }
    Ok(Terminal::new(CrosstermBackend::new(stdout()))?)
}

/// Puts the terminal back as it was. Safe to call twice.
fn leave() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        crossterm::event::DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    theme: &mut Theme,
    switching: &mut switch::Context,
    pending: Option<&Opening>,
) -> Result<()> {
    let inbox: Inbox = Arc::new(std::sync::Mutex::new(app.sender()));
    spawn_input(inbox.clone());
    let mut loading = pending.map(|_| {
        let inbox = inbox.clone();
        Loading::start(switching.config.clone(), app.model.clone(), move || {
            send(&inbox, Action::RowsRead);
        })
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        spawn_signals(inbox.clone());
        app.workspace.screen = crossterm::terminal::size().ok();
        // Inference starts on workers (its sessions, about 0.2 s of graph
        // optimisation, are made there); the screen does not wait for it.
        // A preview shows scores only when they are the file's own.
        let opts = switch::inference_options(app, switching);
        if loading.is_none() || opts.rows_are_precomputed {
            app.start_inference(opts);
        }
        terminal.draw(|f| ui::draw(f, app, theme))?;
        crate::startup::reached("first frame");
        if loading.is_none() {
            app.start_model();
        }
        while let Some(first) = app.recv().await {
            // Everything queued is handled first, then one frame is drawn if needed.
            let (mut resized, mut dirty, mut rows_read) = (false, false, false);
            for action in std::iter::once(first).chain(app.drain()) {
                match action {
                    // Ctrl-Z is the terminal's business, not a module's.
                    Action::Key(key)
                        if app.keymap.lookup("global", &key) == Some(Action::Suspend) =>
                    {
                        suspend::suspend(terminal, !switching.config.no_mouse)?;
                        resized = true;
                    }
                    // The preview saves nothing: keys wait for the full app.
                    Action::Key(key) if loading.is_some() => {
                        if app.keymap.lookup("global", &key) == Some(Action::Quit) {
                            return Ok(());
                        }
                        if let Some(l) = loading.as_mut() {
                            l.keys.push(key);
                        }
                    }
                    Action::Mouse(_) if loading.is_some() => {}
                    Action::RowsRead => rows_read = true,
                    Action::Key(key) => dirty |= app.handle_key(key),
                    Action::Mouse(event) => dirty |= app.handle_mouse(event),
                    Action::QuitNow => app.quit_anyway(),
                    Action::Suspend => {
                        suspend::suspend(terminal, !switching.config.no_mouse)?;
                        resized = true;
                    }
                    Action::Resumed => {
                        suspend::resume(terminal, !switching.config.no_mouse)?;
                        resized = true;
                    }
                    Action::Resize => resized = true,
                    other => {
                        app.dispatch(other);
                        dirty = true;
                    }
                }
                if app.quit() {
                    return Ok(());
                }
            }
            if let (true, Some(l), Some(opening)) = (rows_read, loading.as_ref(), pending)
                && let Some(read) = l.take()
            {
                let keys = loading.take().map(|l| l.keys).unwrap_or_default();
                open_full(app, switching, opening, read?)?;
                if let Ok(mut tx) = inbox.lock() {
                    *tx = app.sender();
                }
                for key in keys {
                    app.handle_key(key);
                }
                resized = true;
            }
            if let Some(s) = app.switch.take() {
                switch::apply(app, theme, switching, s);
                // Input and signals go to the app now running.
                if let Ok(mut tx) = inbox.lock() {
                    *tx = app.sender();
                }
                resized = true;
            }
            if resized {
                terminal.autoresize()?;
                app.workspace.screen = crossterm::terminal::size().ok();
            }
            if dirty || resized {
                terminal.draw(|f| ui::draw(f, app, theme))?;
            }
            if let Some(osc52) = app.clipboard.take() {
                use std::io::Write as _;
                let mut out = stdout();
                let _ = out.write_all(osc52.as_bytes()).and_then(|()| out.flush());
            }
        }
        Ok(())
    })
}

/// The full app takes the preview's place (see `loading`).
fn open_full(
    app: &mut App,
    switching: &mut switch::Context,
    opening: &Opening,
    read: Inputs,
) -> Result<()> {
    let mut full = opening.open(&read, true)?;
    full.workspace.screen = app.workspace.screen;
    app.cancel_jobs();
    // The preview has no session: dropping it loses nothing.
    *app = full;
    switching.dataset = read.dataset;
    switching.precomputed = read.precomputed;
    app.start_inference(switch::inference_options(app, switching));
    app.start_model();
    Ok(())
}

/// Where input and signals are sent: the running app's channel (a palette
/// switch replaces the app, and with it the channel).
type Inbox = Arc<std::sync::Mutex<tokio::sync::mpsc::UnboundedSender<Action>>>;

fn send(inbox: &Inbox, action: Action) -> bool {
    inbox.lock().is_ok_and(|tx| tx.send(action).is_ok())
}

/// Terminal input on its own thread, sent as actions.
fn spawn_input(inbox: Inbox) {
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let action = match crossterm::event::read() {
                    Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Action::Key(k),
                    Ok(Event::Resize(..)) => Action::Resize,
                    Ok(Event::Mouse(m)) => Action::Mouse(m),
                    Ok(_) => continue,
                    Err(_) => Action::QuitNow,
                };
                // A failed send drops the event: the app is being
                // switched, or has ended (the process exits with it).
                send(&inbox, action);
            }
        });
}

/// Signals: SIGTERM, SIGHUP (an SSH drop), SIGINT and SIGQUIT quit cleanly
/// (the session is saved and the terminal restored); SIGTSTP suspends as
/// Ctrl-Z does; SIGCONT takes the terminal back after any stop.
fn spawn_signals(inbox: Inbox) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let kinds = [
            (SignalKind::terminate(), Action::QuitNow),
            (SignalKind::hangup(), Action::QuitNow),
            (SignalKind::interrupt(), Action::QuitNow),
            (SignalKind::quit(), Action::QuitNow),
            (SignalKind::from_raw(libc::SIGTSTP), Action::Suspend),
            (SignalKind::from_raw(libc::SIGCONT), Action::Resumed),
        ];
        for (kind, action) in kinds {
            let Ok(mut stream) = signal(kind) else {
                continue;
            };
            let inbox = inbox.clone();
            tokio::spawn(async move {
                while stream.recv().await.is_some() {
                    send(&inbox, action.clone());
                }
            });
        }
    });
}
