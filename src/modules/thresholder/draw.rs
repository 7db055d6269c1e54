//! The decision threshold of a binary model, and the cost-optimal one for a
//! chosen FP:FN cost, for all rows and each facet.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{NAME, Thresholder};
use crate::app::action::Action;
use crate::app::analysis_job::COST_RATIOS;
use crate::app::module::DrawCtx;
use crate::ui::clip;

pub fn draw(m: &Thresholder, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let (state, theme) = (cx.shared, cx.theme);
    if state.rows.classes() != 2 {
        frame.render_widget(
            Paragraph::new("The thresholder is for binary models; this one has more classes.")
                .style(theme.muted())
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let t = state.rows.threshold;
    let (fp, fn_) = COST_RATIOS[m.cost.min(COST_RATIOS.len() - 1)];
    let width = area.width.saturating_sub(2) as usize;
    let at = ((t.unwrap_or(0.5) * width as f32).round() as usize).min(width);
    let mut lines = vec![
        Line::from(vec![
            Span::raw("threshold "),
            Span::styled(
                t.map_or("argmax".to_string(), |t| format!("{t:.2}")),
                Style::default()
                    .fg(theme.accent)
                    .add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" p({})", state.rows.labels[1]), theme.muted()),
        ]),
        Line::from(vec![
            Span::styled("─".repeat(at), theme.muted()),
            Span::styled("┃", Style::default().fg(theme.accent)),
            Span::styled("─".repeat(width - at), theme.muted()),
        ]),
        Line::from(Span::styled(
            format!(
                "cost FP:FN {fp:.0}:{fn_:.0} ({}/{})",
                cx.key(NAME, &Action::CostDown),
                cx.key(NAME, &Action::CostUp)
            ),
            theme.base(),
        )),
        Line::from(Span::styled(
            format!("optimal ({}):", cx.key(NAME, &Action::OptimalThreshold)),
            Style::default().fg(theme.header),
        )),
    ];
    match state.report.as_ref() {
        Some(a) => {
            for (name, best) in &a.optimal {
                lines.push(Line::from(match best {
                    Some(b) => format!(
                        "{:<8} {:.3} {}FP {}FN",
                        clip(name, 8),
                        b.threshold,
                        b.false_positives,
                        b.false_negatives
                    ),
                    None => format!("{:<8} –", clip(name, 8)),
                }));
            }
            if a.optimal.len() == 1 {
                lines.push(Line::from(Span::styled(
                    format!(
                        "per facet: {} in Metrics",
                        cx.key(crate::modules::metrics::NAME, &Action::NextFacet)
                    ),
                    theme.muted(),
                )));
            }
        }
        None => lines.push(Line::from(Span::styled("computing…", theme.muted()))),
    }
    lines.push(Line::from(Span::styled(
        format!(
            "{}{} ±.01 {}{} ±.05 {} reset",
            cx.key(NAME, &Action::Left),
            cx.key(NAME, &Action::Right),
            cx.key(NAME, &Action::Up),
            cx.key(NAME, &Action::Down),
            cx.key(NAME, &Action::ResetThreshold)
        ),
        theme.muted(),
    )));
    frame.render_widget(Paragraph::new(lines), area);
}
