//! The texts' search and sort indexes: each row's rank in text order and the
//! lowercase texts. At a million rows the text order takes about a second to
//! build, so `Rows::from_dataset` starts building it on a thread of its own
//! and the screen opens without it; the first caller that needs it before it
//! is ready waits for it. The lowercase texts are a second copy of every
//! text, so they are built only once a search asks for them: in place on a
//! small data set, else on a worker (`lower_builder`) while the table says
//! so. A row added meanwhile discards an index being built (it would miss the
//! row), and the next caller builds it again.

use std::sync::{Arc, OnceLock};

use crate::data::Texts;

pub use super::lower_texts::LowerTexts;

/// One index, shared with the thread that builds it.
pub type Shared<T> = Arc<OnceLock<T>>;

#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    pub(crate) rank: Shared<Vec<u32>>,
    pub(crate) lower: Shared<LowerTexts>,
}

impl TextIndex {
    /// Starts building the text order from `texts` (shared, not copied).
    pub fn build_in_background(texts: Texts) -> Self {
        let index = Self::default();
        let rank = index.rank.clone();
        let spawned = std::thread::Builder::new()
            .name("text-index".into())
            .spawn(move || {
                crate::priority::background();
                rank.get_or_init(|| rank_of(&texts.iter().collect::<Vec<_>>()));
            });
        // No thread: each index is built when first needed.
        drop(spawned);
        index
    }

    pub fn rank(&self, texts: &Texts) -> &[u32] {
        self.rank
            .get_or_init(|| rank_of(&texts.iter().collect::<Vec<_>>()))
    }

    pub fn lower(&self, texts: &Texts) -> &LowerTexts {
        self.lower
            .get_or_init(|| lower_of(&texts.iter().collect::<Vec<_>>()))
    }

    /// The lowercase texts, if built.
    pub fn lower_ready(&self) -> Option<&LowerTexts> {
        self.lower.get()
    }

    /// Work that builds the lowercase texts into this index, for a worker.
    pub fn lower_builder(&self, texts: &Texts) -> impl FnOnce() + Send + 'static {
        let (lower, texts) = (self.lower.clone(), texts.clone());
        move || {
            lower.get_or_init(|| lower_of(&texts.iter().collect::<Vec<_>>()));
        }
    }

    /// A row was appended: the lowercase index grows by it when it is built
    /// and not shared, and is rebuilt later otherwise; text order is rebuilt.
    pub fn push(&mut self, text: &str) {
        match Arc::get_mut(&mut self.lower).map(|l| l.get_mut()) {
            Some(Some(lower)) => lower.push(text),
            Some(None) => {}
            None => self.lower = Shared::default(),
        }
        self.rank = Shared::default();
    }
}

/// Row `i`'s rank in text order (ties by row).
fn rank_of<S: AsRef<str>>(texts: &[S]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_unstable_by(|&a, &b| texts[a].as_ref().cmp(texts[b].as_ref()).then(a.cmp(&b)));
    let mut rank = vec![0u32; texts.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

fn lower_of<S: AsRef<str>>(texts: &[S]) -> LowerTexts {
    LowerTexts::of(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Texts {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_background_indexes_equal_those_built_in_place() {
        let texts = strings(&["b", "A", "a", "b"]);
        let built = TextIndex::build_in_background(texts.clone());
        assert_eq!(built.rank(&texts), &[2, 0, 1, 3]);
        // The lowercase texts only when asked for, here by a worker's work.
        assert!(built.lower_ready().is_none());
        let build = built.lower_builder(&texts);
        std::thread::spawn(build).join().expect("built");
        let lower: Vec<&str> = built.lower_ready().expect("ready").iter().collect();
        assert_eq!(lower, ["b", "a", "a", "b"]);
        assert_eq!(built.rank(&texts), rank_of(&["b", "A", "a", "b"]));
    }

    #[test]
    fn an_added_row_keeps_the_indexes_whole() {
        let mut texts = strings(&["b", "a"]);
        let mut index = TextIndex::default();
        assert_eq!(index.lower(&texts).len(), 2);
        index.push("C");
        texts.push("C".into());
        let lower: Vec<&str> = index.lower(&texts).iter().collect();
        assert_eq!(lower, ["b", "a", "c"]);
        assert_eq!(index.rank(&texts), &[2, 1, 0]);
        // Shared with a builder still running: dropped, then rebuilt whole.
        let busy = index.lower.clone();
        index.push("d");
        texts.push("d".into());
        let lower: Vec<&str> = index.lower(&texts).iter().collect();
        assert_eq!(lower, ["b", "a", "c", "d"]);
        drop(busy);
    }
}
