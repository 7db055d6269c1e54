//! One line per method: the text's tokens shaded by their scores (a
//! diverging scale for signed methods, one hue for Gradient L2), or under
//! NO_COLOR each token with a sign and its score.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{MapState, NAME, SalienceMaps};
use crate::app::action::Action;
use crate::app::module::DrawCtx;
use crate::jobs::salience::Salience;
use crate::ui::tokens::heat_spans;

pub fn title(s: &SalienceMaps, cx: &DrawCtx) -> Line<'static> {
    if s.over.on {
        return Line::from(format!(
            " Salience · {} over {} selected rows · toward each prediction ",
            s.over.method.name(),
            s.over.rows
        ));
    }
    let rows = &cx.shared.rows;
    let class = s
        .target
        .or_else(|| s.row.and_then(|r| rows.predicted(r)))
        .and_then(|c| rows.labels.get(c))
        .map_or("–", String::as_str);
    let which = if s.target.is_some() {
        ""
    } else {
        " (predicted)"
    };
    Line::from(format!(" Salience · toward {class}{which} "))
}

pub fn draw(s: &SalienceMaps, frame: &mut Frame, area: Rect, cx: &DrawCtx) {
    let theme = cx.theme;
    if s.row.is_none() {
        let text = format!(
            "No primary row: {} on a row in the Data Table.",
            cx.key(crate::modules::table::NAME, &Action::MakePrimary)
        );
        frame.render_widget(Paragraph::new(text).style(theme.muted()), area);
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    for (method, state) in &s.maps {
        let label = Span::styled(format!("{:<9}", short(method.name())), theme.muted());
        let mut spans = vec![label];
        match state {
            MapState::Unavailable(why) => {
                spans.push(Span::styled(why.clone(), theme.muted()));
            }
            MapState::Idle => spans.push(Span::styled("–", theme.muted())),
            MapState::Running(done, early) => match early {
                Some(map) => {
                    spans.extend(heat_spans(&map.map, method.signed(), s.gamma, theme));
                    spans.push(Span::styled(
                        format!("  (first estimate, {:.0}%)", done * 100.0),
                        theme.muted(),
                    ));
                }
                None => spans.push(Span::styled(
                    format!("running… {:.0}%", done * 100.0),
                    theme.muted(),
                )),
            },
            MapState::Done(map) => spans.extend(done_spans(map, s.gamma, cx)),
            MapState::Failed(e) => spans.push(Span::styled(e.clone(), theme.error())),
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!(
                "{} class · {} again · {} parameters · {}/{} γ {:.2} · {} selection · ",
                cx.key(NAME, &Action::NextTarget),
                cx.key(NAME, &Action::Refit),
                cx.key(NAME, &Action::SalienceParams),
                cx.key(NAME, &Action::GammaDown),
                cx.key(NAME, &Action::GammaUp),
                s.gamma,
                cx.key(NAME, &Action::ToggleSelectionView)
            ),
            theme.muted(),
        ),
        Span::styled("■", Style::default().fg(theme.positive)),
        Span::styled(" toward ", theme.muted()),
        Span::styled("■", Style::default().fg(theme.negative)),
        Span::styled(" away", theme.muted()),
    ]));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn done_spans(map: &Salience, gamma: f32, cx: &DrawCtx) -> Vec<Span<'static>> {
    heat_spans(&map.map, map.method.signed(), gamma, cx.theme)
}

fn short(name: &str) -> &str {
    match name {
        "grad_l2" => "grad L2",
        "grad_dot_input" => "grad·in",
        other => other,
    }
}
