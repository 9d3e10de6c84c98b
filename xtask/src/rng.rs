//! A tiny deterministic random number generator for `gen-profile`: splitmix64.
//!
//! splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014; the
//! generator that seeds xoshiro) adds a fixed odd constant to a 64-bit state and scrambles the
//! result. It is not cryptographic and does not need to be: what matters here is that its output is
//! fixed by its definition, so the same seed gives byte-identical profiles on every platform, Rust
//! version and dependency update, which a crate's generator does not promise across major versions.

/// The golden-ratio increment of splitmix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// An independent stream for one item (`label`, `index`) of a generation seeded with `seed`:
    /// each control draws from its own stream, so changing how one control is drawn never shifts
    /// the numbers every later control gets.
    pub fn stream(seed: u64, label: &str, index: u64) -> Self {
        // FNV-1a folds the label into a number; mixing it through one splitmix step spreads it.
        let label_hash = label.bytes().fold(0xCBF2_9CE4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3));
        let mut mixer = Rng::new(seed ^ label_hash);
        let base = mixer.next_u64();
        Rng::new(base ^ index.wrapping_mul(GAMMA).rotate_left(17))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0), by multiply-shift: the bias is below 2^-32
    /// for the small bounds used here, far under anything a synthetic profile could show.
    pub fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below((high - low + 1) as usize) as u64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        // The top 53 bits make an exactly representable fraction in [0, 1).
        ((self.next_u64() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct positions in `0..len` (fewer when `len` is smaller), in ascending order.
    pub fn distinct(&mut self, len: usize, count: usize) -> Vec<usize> {
        let mut chosen = Vec::with_capacity(count.min(len));
        while chosen.len() < count.min(len) {
            let candidate = self.below(len);
            if !chosen.contains(&candidate) {
                chosen.push(candidate);
            }
        }
        chosen.sort_unstable();
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_its_reference_output() {
        // First outputs for seed 1234567 from the reference C implementation (Vigna, splitmix64.c).
        let mut rng = Rng::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn streams_are_repeatable_and_distinct() {
        let first = Rng::stream(7, "control", 3).next_u64();
        assert_eq!(first, Rng::stream(7, "control", 3).next_u64());
        assert_ne!(first, Rng::stream(7, "control", 4).next_u64());
        assert_ne!(first, Rng::stream(7, "system", 3).next_u64());
    }
}
