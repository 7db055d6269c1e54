//! A small deterministic generator (xorshift*), so layouts follow their seed
//! on every machine.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`, by multiply-shift (a 64-bit division costs more than the update it feeds).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Two uniform draws in `0..n` (n < 2^32) from one step: the layout draws
    /// some 160 million of them.
    pub fn two_below(&mut self, n: usize) -> (usize, usize) {
        let x = self.next_u64();
        let n = n as u64;
        (
            (((x & 0xFFFF_FFFF) * n) >> 32) as usize,
            (((x >> 32) * n) >> 32) as usize,
        )
    }

    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}
