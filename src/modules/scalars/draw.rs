//! Scalars: a score (confidence, margin, a class's probability) against row
//! index or a numeric feature, as braille points colored by the color-by;
//! the selection, the primary row and the cursor stand out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{NAME, Scalars};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::ui::clip;
use crate::ui::points::nearest;

pub fn draw(s: &Scalars, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme, focused) = (cx.shared, cx.theme, cx.focused);
    let Some(pts) = super::points::ready(s, state) else {
        let n = crate::plural::rows(state.rows.len());
        let text = format!("placing {n} on the plot…");
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(text, theme.muted()))),
            area,
        );
        return;
    };
    let [info, plot, axes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let cursor = s.cursor;
    let near = nearest(&pts, cursor);
    let tooltip = match near.filter(|_| focused) {
        Some(r) => format!(
            "{} ▸ {} ({})",
            &crate::data::row_id::format_id(state.rows.ids[r])[..8],
            clip(
                &state.rows.texts[r],
                (area.width as usize).saturating_sub(24)
            ),
            state.rows.label_name(state.rows.predicted(r))
        ),
        None => {
            let key = |a: Action| cx.key(NAME, &a);
            format!(
                "{} by {} · {} score · {} axis · {} box · {} primary",
                pts.y_name,
                pts.x_name,
                key(Action::CycleScore),
                key(Action::CycleXAxis),
                key(Action::BoxSelect),
                key(Action::Activate)
            )
        }
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(tooltip, theme.muted()))),
        info,
    );

    // Points grouped by color, so each group is one shape.
    let cursor = focused.then_some(crate::ui::scatter::Cursor {
        at: s.cursor,
        anchor: s.anchor,
    });
    // What the points depend on besides the rows' version (`points`).
    // The points themselves too: stale ones are drawn while a worker makes new ones.
    let key = xxhash_rust::xxh3::xxh3_64(
        format!(
            "{:?} {:?} {} {:p}",
            s.score,
            s.x_feature,
            state.rows.len(),
            std::sync::Arc::as_ptr(&pts)
        )
        .as_bytes(),
    );
    crate::ui::scatter::draw(
        frame,
        plot,
        state,
        theme,
        &pts.points,
        cursor,
        Some((&s.plot, key)),
    );
    let ranges = format!(
        "x {} {} … {} · y {} {:.2} … {:.2}",
        pts.x_name,
        short_number(pts.x_range.0),
        short_number(pts.x_range.1),
        pts.y_name,
        pts.y_range.0,
        pts.y_range.1
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(ranges, theme.muted()))),
        axes,
    );
}

/// A number as an axis end shows it: whole numbers without decimals.
fn short_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}
