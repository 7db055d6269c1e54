//! Errors the user can fix: each one says what went wrong, where, and what to do.

use std::fmt;

/// A failure caused by the user's input (a file, a flag, the environment),
/// as opposed to a bug. Printed as one paragraph, without a backtrace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    pub message: String,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UserError {}

/// Builds an `anyhow::Error` holding a [`UserError`].
#[macro_export]
macro_rules! user_error {
    ($($arg:tt)*) => {
        ::anyhow::Error::new($crate::error::UserError::new(format!($($arg)*)))
    };
}

/// Shows up to `n` items of a list, then how many more there are.
pub fn list_some<T: fmt::Display>(items: &[T], n: usize) -> String {
    let mut out: Vec<String> = items.iter().take(n).map(|i| format!("`{i}`")).collect();
    if items.len() > n {
        out.push(format!("and {} more", items.len() - n));
    }
    out.join(", ")
}

/// `text` cut to `max` characters (with `…`), to quote a row in a message.
pub fn short(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
