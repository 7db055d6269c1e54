//! Runs a library call that may panic on hostile input (polars' CSV reader
//! did, under the fuzzer) and turns the panic into an error of that call.
//! The terminal's panic hook leaves a contained panic alone.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Calls inside `contain` on any thread: their pool threads' panics are theirs.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// `f()`, or the panic's message as an error.
pub fn contain<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = CONTAINING.with(|c| c.replace(true));
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    CONTAINING.with(|c| c.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".into())
    })
}

/// Whether a panic here is one `contain` turns into an error: this thread is
/// inside it, or it is a polars pool thread while a call is contained (the
/// pool hands the panic to the caller).
pub fn containing() -> bool {
    CONTAINING.with(Cell::get)
        || (ACTIVE.load(Ordering::SeqCst) > 0
            && std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("polars")))
}

/// Keeps contained panics off stderr; every other panic prints as before.
pub fn install_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !containing() {
            previous(info);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        let out: Result<(), String> = contain(|| panic!("slice index starts at 1"));
        assert_eq!(out, Err("slice index starts at 1".into()));
        assert!(!containing());
        assert_eq!(contain(|| 3), Ok(3));
    }
}
