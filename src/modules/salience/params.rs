//! Editing the methods' parameters in a prompt (`samples=256
//! kernel_width=256 seed=0 ig_steps=30`), and LIT's gamma.

use crate::analysis::salience::IgParams;
use crate::jobs::salience::SalienceParams;

/// LIT's gamma slider: 0.25 to 6 in steps of 0.25, 2 by default.
pub const GAMMA_STEP: f32 = 0.25;
pub const GAMMA_RANGE: (f32, f32) = (0.25, 6.0);

/// The prompt's starting text.
pub fn describe(p: &SalienceParams) -> String {
    format!(
        "samples={} kernel_width={} seed={} ig_steps={}",
        p.lime.samples,
        p.lime.kernel_width,
        p.lime.seed,
        p.ig().steps
    )
}

/// The parameters a prompt's text sets, or the message that says what is wrong.
pub fn parse(text: &str, current: &SalienceParams) -> Result<SalienceParams, String> {
    let mut p = current.clone();
    for word in text.split_whitespace() {
        let Some((key, value)) = word.split_once('=') else {
            return Err(format!("salience parameters: `{word}` is not key=value"));
        };
        let ok = match key {
            "samples" => value
                .parse()
                .ok()
                .filter(|n: &usize| (1..=100_000).contains(n))
                .map(|n| p.lime.samples = n),
            "kernel_width" => value
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && *w > 0.0)
                .map(|w| p.lime.kernel_width = w),
            "seed" => value.parse().ok().map(|s: u64| p.lime.seed = s),
            "ig_steps" => value
                .parse()
                .ok()
                .filter(|n: &usize| (IgParams::MIN_STEPS..=IgParams::MAX_STEPS).contains(n))
                .map(|n| {
                    // The default stays unset, so an unchanged prompt changes nothing.
                    if n != p.ig().steps {
                        p.ig_steps = Some(n);
                    }
                }),
            _ => None,
        };
        if ok.is_none() {
            return Err(format!(
                "salience parameters: `{word}` is not valid (samples 1 to 100000, kernel_width > 0, seed a number, ig_steps {} to {})",
                IgParams::MIN_STEPS,
                IgParams::MAX_STEPS
            ));
        }
    }
    Ok(p)
}

/// Gamma one step up or down, inside LIT's range.
pub fn step_gamma(gamma: f32, up: bool) -> f32 {
    let next = if up {
        gamma + GAMMA_STEP
    } else {
        gamma - GAMMA_STEP
    };
    next.clamp(GAMMA_RANGE.0, GAMMA_RANGE.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prompt_round_trips_and_rejects_bad_values() {
        let p = SalienceParams::default();
        assert_eq!(parse(&describe(&p), &p).as_ref(), Ok(&p));
        let q = parse("samples=64 ig_steps=5 seed=7", &p).expect("valid");
        assert_eq!((q.lime.samples, q.ig().steps, q.lime.seed), (64, 5, 7));
        for bad in [
            "ig_steps=4",
            "ig_steps=101",
            "samples=0",
            "kernel_width=-1",
            "x=1",
            "seed",
        ] {
            assert!(parse(bad, &p).is_err(), "{bad}");
        }
    }

    #[test]
    fn gamma_stays_in_lits_range() {
        assert_eq!(step_gamma(2.0, true), 2.25);
        assert_eq!(step_gamma(0.25, false), 0.25);
        assert_eq!(step_gamma(6.0, true), 6.0);
    }
}
