//! What a run keeps for the next, in the order of the articles: a save
//! keeps every article in its place, so each value is found at its own
//! place by its key. While the order of the articles is the same
//! (`Site::order`), a key not found at its place is nowhere; a map of the
//! keys is made only when the articles may have moved (one was added,
//! removed or redated).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Values with their keys, in the order of the last run's articles.
pub struct InPlace<V> {
    kept: Vec<(u64, V)>,
    /// The order of the articles the values are kept in; 0 when not known.
    order: u64,
    moved: OnceLock<FxHashMap<u64, usize>>,
}

impl<V> Default for InPlace<V> {
    fn default() -> Self {
        InPlace::new(Vec::new(), 0)
    }
}

impl<V> InPlace<V> {
    /// Values kept in the articles' `order` (`Site::order`, or 0 when the
    /// order is not known).
    pub fn new(kept: Vec<(u64, V)>, order: u64) -> Self {
        InPlace {
            kept,
            order,
            moved: OnceLock::new(),
        }
    }

    /// The value kept under `key`, looked for first at `at`, the place of
    /// the article asking, among articles in `order`.
    pub fn find(&self, at: usize, key: u64, order: u64) -> Option<&V> {
        Some(&self.kept[self.place(at, key, order)?].1)
    }

    fn place(&self, at: usize, key: u64, order: u64) -> Option<usize> {
        match self.kept.get(at) {
            Some((k, _)) if *k == key => Some(at),
            // Every article is where it was: the one at `at` changed.
            _ if order != 0 && order == self.order => None,
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
    pub fn take(&mut self, at: usize, key: u64, order: u64) -> Option<V> {
        let at = self.place(at, key, order)?;
        self.kept[at].1.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_in_its_place_or_after_the_articles_moved() {
        let kept = InPlace::new(vec![(10, "a"), (20, "b"), (30, "c")], 7);
        assert_eq!(kept.find(1, 20, 7), Some(&"b"));
        // An article was added before: "c" is now asked for at 3.
        assert_eq!(kept.find(3, 30, 8), Some(&"c"));
        assert_eq!(kept.find(0, 40, 8), None);
        // In the same order, a key is looked for at its place only.
        assert_eq!(kept.find(0, 20, 7), None);
        // An order not known never matches.
        let unknown = InPlace::new(vec![(10, "a"), (20, "b")], 0);
        assert_eq!(unknown.find(0, 20, 0), Some(&"b"));
    }

    #[test]
    fn a_value_is_taken_once() {
        let mut kept = InPlace::new(vec![(10, Some("a")), (20, Some("b"))], 0);
        assert_eq!(kept.take(0, 20, 0), Some("b"));
        assert_eq!(kept.take(1, 20, 0), None);
        assert_eq!(kept.take(0, 10, 0), Some("a"));
    }
}
