//! The mouse in the app, on SST-2 dev with sst2-minilm-full: events go to
//! what the last frame drew under them.

mod common;

use std::time::Duration;

use common::*;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use lit_tui::app::App;
use lit_tui::app::shared::Focus;

fn at(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// The screen line and column where `text` is drawn.
fn find(app: &App, text: &str) -> (u16, u16) {
    let drawn = screen(app, 120, 40);
    for (y, line) in drawn.lines().enumerate() {
        // Snapshot lines are quoted: drop the leading quote.
        let line = line.trim_start_matches('"');
        if let Some(x) = line.find(text) {
            return (line[..x].chars().count() as u16, y as u16);
        }
    }
    panic!("{text} not on screen:\n{drawn}");
}

#[test]
fn a_drag_in_embeddings_selects_a_box_and_the_wheel_scrolls_the_table() {
    let mut app = app_over(sst2_full_dev(), &scratch("mouse-box"));
    assert!(
        app.settle(Duration::from_secs(60)),
        "the projection came in"
    );
    let (x, y) = find(&app, "Embeddings · PCA");
    // The plot starts two lines under the title (the tooltip line first).
    let (x0, y0) = (x + 2, y + 3);
    app.handle_mouse(at(MouseEventKind::Down(MouseButton::Left), x0, y0));
    assert_eq!(app.shared.focus, Focus::Main("embeddings"));
    assert!(
        app.shared.primary.is_some(),
        "a click picks the nearest point"
    );
    app.handle_mouse(at(MouseEventKind::Drag(MouseButton::Left), x0 + 20, y0 + 8));
    app.handle_mouse(at(MouseEventKind::Up(MouseButton::Left), x0 + 20, y0 + 8));
    let selected = app.shared.selection.len();
    assert!(selected > 0 && selected < 872, "{selected} rows in the box");
    assert!(
        app.shared.status.contains("box selected"),
        "{}",
        app.shared.status
    );

    let (x, y) = find(&app, "Data Table");
    app.handle_mouse(at(MouseEventKind::ScrollDown, x + 5, y + 5));
    assert_eq!(table(&app).cursor, 3, "three rows a notch");
    // The wheel goes to the pane under the pointer, without taking focus.
    assert_eq!(app.shared.focus, Focus::Main("embeddings"));
}
