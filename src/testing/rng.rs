//! A small deterministic generator (SplitMix64) for seeded fault plans and simulations.
//! Not randomness from the environment: the same seed gives the same sequence, always.

/// SplitMix64 (Steele, Lea and Flood, 2014): fast, tiny, good enough for test schedules.
///
/// # Example
/// ```
/// use relance::testing::SeededRng;
/// let (mut a, mut b) = (SeededRng::new(7), SeededRng::new(7));
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!(a.below(10) < 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededRng {
    state: u64,
}

impl SeededRng {
    /// A generator from a seed.
    ///
    /// # Example
    /// ```
    /// let mut r = relance::testing::SeededRng::new(1);
    /// assert_ne!(r.next_u64(), r.next_u64());
    /// ```
    pub fn new(seed: u64) -> SeededRng {
        SeededRng { state: seed }
    }

    /// The next 64 bits.
    ///
    /// # Example
    /// ```
    /// let mut r = relance::testing::SeededRng::new(0);
    /// assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
    /// ```
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    ///
    /// # Example
    /// ```
    /// let mut r = relance::testing::SeededRng::new(3);
    /// assert!((0..100).all(|_| r.below(6) < 6));
    /// assert_eq!(r.below(0), 0);
    /// ```
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        self.next_u64() % n
    }

    /// True with probability `per_mille / 1000`.
    ///
    /// # Example
    /// ```
    /// let mut r = relance::testing::SeededRng::new(3);
    /// assert!(!r.chance(0) && r.chance(1000));
    /// ```
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < u64::from(per_mille)
    }

    /// One element of `items` (`None` when empty).
    ///
    /// # Example
    /// ```
    /// let mut r = relance::testing::SeededRng::new(3);
    /// assert!([1, 2, 3].contains(r.pick(&[1, 2, 3]).unwrap()));
    /// ```
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let n = u64::try_from(items.len()).unwrap_or(u64::MAX);
        items.get(usize::try_from(self.below(n)).unwrap_or(0))
    }
}
