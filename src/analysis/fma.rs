//! Fused multiply-add: whether the CPU has it (with AVX2), checked at run time
//! so the binary stays portable, and the one `a·b + c` the hot loops use.
//! Each hot loop is a body generic over `FMA`, compiled twice: once plain,
//! once inside a `#[target_feature(enable = "avx2,fma")]` wrapper.

/// True when the AVX2 + FMA build of a hot loop may run here.
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `a·b + c`, fused where the caller was compiled for FMA.
#[inline(always)]
pub fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA { a.mul_add(b, c) } else { a * b + c }
}
