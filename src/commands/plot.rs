//! Pictures for a plain shell or a CI log, drawn with `textplots`: the PR
//! and ROC curves of `metrics --curves`, the 2-D layout of `project --plot`.

use textplots::{Chart, Plot, Shape};

/// Characters wide and lines high of a chart (braille: 2×4 dots a character).
const WIDTH: u32 = 120;
const HEIGHT: u32 = 60;

/// A curve from (x, y) points on [0, 1]², with its title above.
pub fn curve(title: &str, points: &[(f64, f64)]) -> String {
    let pts: Vec<(f32, f32)> = points.iter().map(|&(x, y)| (x as f32, y as f32)).collect();
    let shape = Shape::Lines(&pts);
    let mut chart = Chart::new_with_y_range(WIDTH, HEIGHT, 0.0, 1.0, 0.0, 1.0);
    let chart = chart.lineplot(&shape);
    chart.axis();
    chart.figures();
    format!("{title}\n{chart}\n")
}

/// A scatter of 2-D points, on their own ranges.
pub fn scatter(title: &str, points: &[[f32; 2]]) -> String {
    let pts: Vec<(f32, f32)> = points
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .map(|p| (p[0], p[1]))
        .collect();
    let range = |k: usize| {
        let (lo, hi) = pts
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), p| {
                let v = if k == 0 { p.0 } else { p.1 };
                (lo.min(v), hi.max(v))
            });
        if lo < hi {
            (lo, hi)
        } else {
            (lo - 1.0, lo + 1.0)
        }
    };
    if pts.is_empty() {
        return format!("{title}\n(no points)\n");
    }
    let ((x0, x1), (y0, y1)) = (range(0), range(1));
    let shape = Shape::Points(&pts);
    let mut chart = Chart::new_with_y_range(WIDTH, HEIGHT, x0, x1, y0, y1);
    let chart = chart.lineplot(&shape);
    chart.axis();
    chart.figures();
    format!("{title}\n{chart}\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_diagonal_is_drawn_with_its_axis_ends() {
        let out = super::curve("ROC", &[(0.0, 0.0), (1.0, 1.0)]);
        assert!(out.starts_with("ROC\n"));
        assert!(out.contains("1.0"), "{out}");
        assert!(
            out.chars().any(|c| ('\u{2801}'..='\u{28FF}').contains(&c)),
            "{out}"
        );
    }
}
