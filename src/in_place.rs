//! What a run keeps for the next, in the order of the articles: a save
//! keeps every article in its place, so each value is found at its own
//! place by its key, and a map of the keys is made only when the articles
//! moved (one was added or removed).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Values with their keys, in the order of the last run's articles.
pub struct InPlace<V> {
    kept: Vec<(u64, V)>,
    moved: OnceLock<FxHashMap<u64, usize>>,
}

impl<V> Default for InPlace<V> {
    fn default() -> Self {
        InPlace::new(Vec::new())
    }
}

impl<V> InPlace<V> {
    pub fn new(kept: Vec<(u64, V)>) -> Self {
        InPlace {
            kept,
            moved: OnceLock::new(),
        }
    }

    /// The value kept under `key`, looked for first at `at`, the place of
    /// the article asking.
    pub fn find(&self, at: usize, key: u64) -> Option<&V> {
        Some(&self.kept[self.place(at, key)?].1)
    }

    fn place(&self, at: usize, key: u64) -> Option<usize> {
        match self.kept.get(at) {
            Some((k, _)) if *k == key => Some(at),
            _ => self.moved.get_or_init(|| self.keys()).get(&key).copied(),
        }
    }

    fn keys(&self) -> FxHashMap<u64, usize> {
        (self.kept.iter().enumerate())
            .map(|(i, (key, _))| (*key, i))
            .collect()
    }
}

impl<V> InPlace<Option<V>> {
    /// Takes the value kept under `key`, looked for first at `at`: what
    /// the next run keeps anyway moves there rather than being copied.
    pub fn take(&mut self, at: usize, key: u64) -> Option<V> {
        let at = self.place(at, key)?;
        self.kept[at].1.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_in_its_place_or_after_the_articles_moved() {
        let kept = InPlace::new(vec![(10, "a"), (20, "b"), (30, "c")]);
        assert_eq!(kept.find(1, 20), Some(&"b"));
        // An article was added before: "c" is now asked for at 3.
        assert_eq!(kept.find(3, 30), Some(&"c"));
        assert_eq!(kept.find(0, 40), None);
    }

    #[test]
    fn a_value_is_taken_once() {
        let mut kept = InPlace::new(vec![(10, Some("a")), (20, Some("b"))]);
        assert_eq!(kept.take(0, 20), Some("b"));
        assert_eq!(kept.take(1, 20), None);
        assert_eq!(kept.take(0, 10), Some("a"));
    }
}
