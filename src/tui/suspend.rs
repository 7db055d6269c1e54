//! Job control: `Ctrl-Z` (or `kill -TSTP`) gives the terminal back to the
//! shell and stops; `fg` (SIGCONT) takes it again and redraws. A stop the
//! app could not see (SIGSTOP) is mended on SIGCONT the same way.

use std::io::stdout;

use anyhow::Result;
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};

use super::{Term, leave};

/// Restores the terminal, stops the process, and takes the terminal back
/// once continued.
pub fn suspend(terminal: &mut Term, mouse: bool) -> Result<()> {
    leave();
    // SIGSTOP cannot be caught: the process stops here until SIGCONT.
    #[cfg(unix)]
    // SAFETY: raise only sends a signal to this process.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
    resume(terminal, mouse)
}

/// Raw mode, the alternate screen and the mouse again, and a full redraw.
pub fn resume(terminal: &mut Term, mouse: bool) -> Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, crossterm::cursor::Hide)?;
    if mouse {
        execute!(stdout(), crossterm::event::EnableMouseCapture)?;
    }
    // Not `terminal.clear()`: it asks the terminal for the cursor position,
    // and the input thread would take the answer. Clear, then forget both
    // buffers so the next frame is drawn whole.
    execute!(
        stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}
