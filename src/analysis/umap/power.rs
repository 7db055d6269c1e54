//! `x^p` for the layout, which takes some two hundred million powers per fit:
//! 2^(p·log2 x) by short series, as close to `powf` as f32 rounding of the
//! exponent allows (2e-7·(1 + |p·log2 x|) relative), branch-free so
//! eight of them run side by side in vector registers.

pub use crate::analysis::fma::madd;

/// `x^p` for positive, finite `x`.
#[inline(always)]
pub fn pow<const FMA: bool>(x: f32, p: f32) -> f32 {
    exp2::<FMA>(p * log2::<FMA>(x))
}

/// The bits of √½: subtracting them splits `x` as 2^e·m with m in [√½, √2).
const SQRT_HALF_BITS: u32 = 0x3f35_04f3;

#[inline(always)]
fn log2<const FMA: bool>(x: f32) -> f32 {
    let shifted = x.to_bits().wrapping_sub(SQRT_HALF_BITS);
    let e = (shifted as i32) >> 23;
    let m = f32::from_bits(x.to_bits().wrapping_sub(shifted & 0xff80_0000));
    // log2 m = 2·atanh(s)/ln 2 with s = (m-1)/(m+1), |s| < 0.172: four odd terms.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let series = madd::<FMA>(
        s2,
        madd::<FMA>(s2, madd::<FMA>(s2, 1.0 / 7.0, 1.0 / 5.0), 1.0 / 3.0),
        1.0,
    ) * s;
    madd::<FMA>(series, 2.0 / std::f32::consts::LN_2, e as f32)
}

/// Adding 1.5·2^23 rounds to an integer and leaves it in the low mantissa bits.
const ROUNDER: f32 = 12_582_912.0;

#[inline(always)]
fn exp2<const FMA: bool>(x: f32) -> f32 {
    let x = x.clamp(-126.0, 126.0);
    let shifted = x + ROUNDER;
    let whole = shifted.to_bits() as i32 - ROUNDER.to_bits() as i32;
    // 2^f = e^(f·ln 2) for |f| ≤ ½, Taylor to the sixth power.
    let t = (x - (shifted - ROUNDER)) * std::f32::consts::LN_2;
    let mut poly = 1.0 / 720.0;
    for c in [1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        poly = madd::<FMA>(poly, t, c);
    }
    poly * f32::from_bits(((whole + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_powf_to_within_f32_rounding_of_the_exponent() {
        for &p in &[0.5f32, 0.79, 0.895, 1.0, 1.5, 1.93] {
            let mut x = 1e-7f32;
            while x < 1e6 {
                for (ours, name) in [(pow::<false>(x, p), "plain"), (pow::<true>(x, p), "fused")] {
                    let exact = x.powf(p);
                    // The exponent p·log2 x carries f32 rounding, so the bound grows with it.
                    let bound = 2e-7 * (1.0 + (p * x.log2()).abs());
                    assert!(
                        ((ours - exact) / exact).abs() < bound,
                        "{name} {x}^{p}: {ours} vs {exact}"
                    );
                }
                x *= 1.37;
            }
        }
    }
}
