//! ROC and precision-recall curves of one class, drawn with braille, the AUCs
//! in the legend. On the selection when there is one, else on all rows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::canvas::{Canvas, Line as Segment};

use super::Curves;
use crate::app::module::DrawCtx;
use crate::app::theme::Theme;

pub fn draw(_m: &Curves, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme) = (cx.shared, cx.theme);
    let Some(curves) = state.report.as_ref().and_then(|a| a.curves.as_ref()) else {
        let msg = if state.report.is_none() {
            "computing…"
        } else {
            "No curve: the rows in scope (the selection, else all) need gold labels of this class and of another. ←/→ changes the class."
        };
        frame.render_widget(
            Paragraph::new(msg)
                .style(theme.muted())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    };
    let [legend, plots] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let color = theme.class(curves.class);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("ROC AUC {:.3}", curves.roc_auc), color),
            Span::raw("  "),
            Span::styled(format!("AP {:.3}", curves.average_precision), color),
            Span::styled(
                if curves.on_selection {
                    "  (selection)"
                } else {
                    "  (all rows)"
                },
                theme.muted(),
            ),
        ])),
        legend,
    );
    let [roc_area, pr_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(plots);
    plot(
        frame,
        roc_area,
        &curves.roc,
        "ROC ↑TPR→FPR",
        Some(((0.0, 0.0), (1.0, 1.0))),
        color.fg,
        theme,
    );
    plot(frame, pr_area, &curves.pr, "PR ↑P→R", None, color.fg, theme);
}

fn plot(
    frame: &mut Frame,
    area: Rect,
    points: &[(f64, f64)],
    title: &str,
    diagonal: Option<((f64, f64), (f64, f64))>,
    color: Option<ratatui::style::Color>,
    theme: &Theme,
) {
    let [title_area, canvas_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(title.to_string()).style(theme.muted()),
        title_area,
    );
    let color = color.unwrap_or(theme.accent);
    let muted = theme.muted;
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, 1.0])
        .y_bounds([0.0, 1.0])
        .paint(move |ctx| {
            if let Some(((x1, y1), (x2, y2))) = diagonal {
                ctx.draw(&Segment::new(x1, y1, x2, y2, muted));
            }
            ctx.layer();
            for w in points.windows(2) {
                ctx.draw(&Segment::new(w[0].0, w[0].1, w[1].0, w[1].1, color));
            }
        })
        .background_color(ratatui::style::Color::Reset);
    frame.render_widget(canvas, canvas_area);
}
