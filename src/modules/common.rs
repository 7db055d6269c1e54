//! What modules share: the `Any` casts, and a list cursor's moves.

/// Implements `as_any`/`as_any_mut` inside an `impl Module`.
#[macro_export]
macro_rules! module_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
    };
}

use crate::app::action::Action;

/// Lines PageUp/PageDown move in a module's list.
const PAGE: usize = 10;

/// Where a cursor over `len` items goes for a movement action; `None` when
/// `action` moves nothing.
pub fn list_cursor(cursor: usize, len: usize, action: &Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(PAGE),
        Action::PageDown => (cursor + PAGE).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_cursor_stays_inside_the_list() {
        assert_eq!(list_cursor(0, 5, &Action::Up), Some(0));
        assert_eq!(list_cursor(4, 5, &Action::Down), Some(4));
        assert_eq!(list_cursor(2, 30, &Action::PageDown), Some(12));
        assert_eq!(list_cursor(2, 0, &Action::Bottom), Some(0));
        assert_eq!(list_cursor(2, 5, &Action::Activate), None);
    }
}
