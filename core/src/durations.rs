//! A multiset of durations (in seconds) that can grow and shrink, with exact percentiles:
//! the building block that lets KPI rollups be updated incrementally and still agree with
//! a full recompute.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durations {
    counts: BTreeMap<i64, u64>,
    len: u64,
}

impl Durations {
    pub fn add(&mut self, seconds: i64) {
        *self.counts.entry(seconds).or_default() += 1;
        self.len += 1;
    }

    /// Removes one occurrence; removing what was never added does nothing.
    pub fn remove(&mut self, seconds: i64) {
        if let Some(n) = self.counts.get_mut(&seconds) {
            *n -= 1;
            self.len -= 1;
            if *n == 0 {
                self.counts.remove(&seconds);
            }
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The nearest-rank percentile (`p` in 1..=100): the smallest value with at least
    /// p % of the values at or below it. `None` when empty.
    pub fn percentile(&self, p: u32) -> Option<i64> {
        if self.len == 0 {
            return None;
        }
        let rank = (u64::from(p.clamp(1, 100)) * self.len).div_ceil(100).max(1);
        let mut seen = 0;
        for (value, n) in &self.counts {
            seen += n;
            if seen >= rank {
                return Some(*value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_and_survive_removal() {
        let mut d = Durations::default();
        for s in [50, 10, 40, 20, 30, 60, 70, 80, 90, 100] {
            d.add(s);
        }
        assert_eq!((d.percentile(50), d.percentile(90)), (Some(50), Some(90)));
        d.remove(100);
        d.remove(999);
        assert_eq!(d.len(), 9);
        assert_eq!((d.percentile(50), d.percentile(90)), (Some(50), Some(90)));
        assert_eq!(Durations::default().percentile(50), None);
    }
}
