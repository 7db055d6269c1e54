//! Tokens shaded by a score, as salience maps draw them. Intensity is
//! |score| / max |score| raised to 1/gamma (LIT's gamma); signed maps use
//! the theme's positive hue toward the class and its negative hue away,
//! unsigned maps one hue. Without color, each token carries a sign glyph
//! and its score.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

use crate::analysis::salience::TokenSalience;
use crate::app::theme::Theme;

pub fn heat_spans(
    map: &TokenSalience,
    signed: bool,
    gamma: f32,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let max = map
        .scores
        .iter()
        .fold(0.0f32, |m, s| m.max(s.abs()))
        .max(f32::EPSILON);
    let mut out = Vec::with_capacity(map.tokens.len() * 2);
    for (token, &score) in map.tokens.iter().zip(&map.scores) {
        let intensity = (score.abs() / max).powf(1.0 / gamma.max(0.1));
        let toward = !signed || score >= 0.0;
        if theme.no_color {
            let glyph = if !signed {
                "•"
            } else if toward {
                "+"
            } else {
                "−"
            };
            let style = if intensity > 0.5 {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            // The glyph carries the sign; the number is the magnitude.
            let size = score.abs();
            out.push(Span::styled(format!("{token}{glyph}{size:.2}"), style));
        } else {
            let hue = if toward {
                theme.positive
            } else {
                theme.negative
            };
            out.push(Span::styled(token.clone(), shade(hue, intensity)));
        }
        out.push(Span::raw(" "));
    }
    out
}

/// The hue as a background whose strength follows `intensity` (0 to 1).
fn shade(hue: Color, intensity: f32) -> Style {
    match hue {
        Color::Rgb(r, g, b) => {
            let mix = |c: u8| (f32::from(c) * intensity) as u8;
            let bg = Color::Rgb(mix(r), mix(g), mix(b));
            let fg = if intensity > 0.6 {
                Color::Black
            } else {
                Color::White
            };
            Style::default().bg(bg).fg(fg)
        }
        // 16 colors: strong tokens get the hue as background, weak ones as text.
        other if intensity > 0.5 => Style::default().bg(other).fg(Color::Black),
        other if intensity > 0.15 => Style::default().fg(other),
        _ => Style::default(),
    }
}
