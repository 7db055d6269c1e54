//! The Label Issues pane: what was ranked, the caution about in-sample
//! probabilities, the keys, then the issues, most likely wrong first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph};

use super::{LabelIssues, NAME};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::data::row_id::format_id;
use crate::ui::clip;
use crate::ui::table_widget::{self, Column, Spec};

/// Said instead when the user declared the probabilities out-of-sample.
pub const OUT_OF_SAMPLE: &str =
    "The probabilities are out-of-sample (--probabilities-are-out-of-sample).";

/// Said unless the user declared otherwise: the app cannot know whether the
/// model saw these rows.
pub const CAUTION: &str = "Caution: this needs out-of-sample probabilities; a model trained on these rows misses label errors.";

pub fn draw(m: &LabelIssues, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    let [head, table] = Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(area);
    let summary = match &m.found {
        None if m.busy_text() => "ranking…".to_string(),
        None => "waiting for the predictions".to_string(),
        Some(f) => format!(
            "{} likely label errors among {} labelled rows · confident learning, \
             lowest p(given label) first",
            f.issues.len(),
            f.over
        ),
    };
    let hints = [
        (Action::Activate, "primary"),
        (Action::Relabel, "relabel as suggested"),
        (Action::SaveAsSlice, "save as slice"),
    ]
    .iter()
    .map(|(a, what)| format!("{} {what}", cx.key(NAME, a)))
    .collect::<Vec<_>>()
    .join(" · ");
    let width = head.width as usize;
    let lines = vec![
        Line::from(clip(&summary, width)),
        if cx.shared.model.out_of_sample {
            Line::from(Span::styled(clip(OUT_OF_SAMPLE, width), theme.muted()))
        } else {
            Line::from(Span::styled(
                clip(CAUTION, width),
                Style::default().fg(theme.warning),
            ))
        },
        Line::from(Span::styled(hints, theme.muted())),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    let Some(found) = &m.found else { return };
    if found.issues.is_empty() {
        return;
    }
    let rows = &cx.shared.rows;
    let text_width = (table.width as usize).saturating_sub(8 + 12 + 12 + 7 + 1 + 5);
    let spec = Spec {
        columns: vec![
            Column::new("id", Constraint::Length(8)),
            Column::new("text", Constraint::Fill(1)),
            Column::new("given", Constraint::Length(12)),
            Column::new("suggested", Constraint::Length(12)),
            Column::new("quality", Constraint::Length(7)),
            Column::new("+", Constraint::Length(1)),
        ],
        len: found.issues.len(),
        cursor: Some(m.cursor),
        focused: cx.focused,
    };
    let row = |i: usize| {
        let x = &found.issues[i];
        let cells = vec![
            Cell::from(format_id(rows.ids[x.row])[..8].to_string()),
            Cell::from(clip(&rows.texts[x.row], text_width)),
            Cell::from(Span::styled(
                clip(rows.label_name(Some(x.label)), 12),
                theme.class(x.label),
            )),
            Cell::from(Span::styled(
                clip(rows.label_name(Some(x.suggested)), 12),
                theme.class(x.suggested),
            )),
            Cell::from(format!("{:.4}", x.quality)),
            Cell::from(if m.relabelled.contains(&x.row) {
                "✓"
            } else {
                ""
            }),
        ];
        let style = if cx.shared.primary == Some(x.row) {
            Style::default().fg(theme.primary)
        } else {
            theme.base()
        };
        (cells, style)
    };
    table_widget::draw(frame, table, theme, &spec, row);
}
