//! The rows the app shows: the data set's, then those the user added, with
//! their predictions as they arrive.

pub use super::text_index::LowerTexts;
use crate::data::{Dataset, Texts};

pub use super::feature::Feature;
pub use super::outputs::ModelOutputs;

/// Rows up to which the search index is built when first needed, in place
/// (a few milliseconds); above, on a worker while the table says so.
pub const SEARCH_INDEX_IN_PLACE: usize = 50_000;

#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub labels: Vec<String>,
    pub ids: Vec<u64>,
    /// Held once: the data's rows share the DataFrame's text column.
    pub texts: Texts,
    /// Text order (built off the UI thread) and the lowercase texts (built
    /// when a search asks for them): `text_index`.
    pub(crate) text_index: super::text_index::TextIndex,
    pub gold: Vec<Option<usize>>,
    /// The row an added row was made from.
    pub parent: Vec<Option<usize>>,
    pub added: Vec<bool>,
    /// Added rows the user deleted: hidden everywhere and not saved, but kept
    /// here (indices stay put) so that undo can bring them back.
    pub deleted: std::collections::BTreeSet<usize>,
    pub features: Vec<Feature>,
    /// Every model's outputs: the main model's first, then each compared one.
    pub models: Vec<ModelOutputs>,
    /// Binary models: predict class 1 when its probability is at least this
    /// (the Thresholder). `None`: the most probable class.
    pub threshold: Option<f32>,
    /// Bumped whenever rows or predictions change, so analyses know to recompute.
    pub version: u64,
    /// The rows made from each row (only added rows have a parent).
    pub(crate) children_of: std::collections::HashMap<usize, Vec<usize>>,
    /// Row by id, built on first use and kept up to date as rows are added.
    pub(crate) by_id: std::sync::OnceLock<std::collections::HashMap<u64, usize>>,
    /// Added rows whose saved label or parent this model or data file does not
    /// know now: kept as saved, shown as such, and saved back unchanged.
    pub kept: std::collections::HashMap<usize, KeptAsSaved>,
    /// What made an added row, when a generator did (`word_replacer: not -> `).
    pub source: std::collections::HashMap<usize, String>,
}

/// What an added row was saved with that cannot be resolved now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptAsSaved {
    /// A gold label that is not one of the model's classes.
    pub label: Option<String>,
    /// The id of a parent row that is not in the data file now.
    pub parent: Option<u64>,
}

impl Rows {
    pub fn from_dataset(ds: &Dataset, labels: &[String]) -> anyhow::Result<Self> {
        let n = ds.len();
        let gold = match ds.gold_labels(labels)? {
            Some(g) => g.index,
            None => vec![None; n],
        };
        let features = ds
            .feature_columns()
            .iter()
            .map(|name| Feature::from_column(ds.df.column(name)?))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let texts = ds.shared_texts()?;
        let rows = Self {
            labels: labels.to_vec(),
            ids: ds.ids.clone(),
            // Sorting a million texts takes a second: not before the first frame.
            text_index: super::text_index::TextIndex::build_in_background(texts.clone()),
            texts,
            gold,
            parent: vec![None; n],
            added: vec![false; n],
            deleted: Default::default(),
            features,
            models: vec![ModelOutputs::new(String::new(), n, labels.len())],
            threshold: None,
            version: 0,
            by_id: std::sync::OnceLock::new(),
            children_of: std::collections::HashMap::new(),
            kept: Default::default(),
            source: Default::default(),
        };
        Ok(rows)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Every text in lower case, for search; built here and now if it is not yet.
    pub fn lower(&self) -> &LowerTexts {
        self.text_index.lower(&self.texts)
    }

    /// The search index, when it is built or quick to build now (at most
    /// `SEARCH_INDEX_IN_PLACE` rows); `None`: build it on a worker
    /// (`search_index_builder`) and search once it is there.
    pub fn search_index(&self) -> Option<&LowerTexts> {
        match self.text_index.lower_ready() {
            Some(lower) => Some(lower),
            None if self.len() <= SEARCH_INDEX_IN_PLACE => Some(self.lower()),
            None => None,
        }
    }

    /// Whether a search can run now, without building the index on a worker.
    pub fn search_index_ready(&self) -> bool {
        self.len() <= SEARCH_INDEX_IN_PLACE || self.text_index.lower_ready().is_some()
    }

    /// Work that builds the search index, for a worker.
    pub fn search_index_builder(&self) -> impl FnOnce() + Send + 'static {
        self.text_index.lower_builder(&self.texts)
    }

    /// Row `i`'s rank in text order (ties by row).
    pub fn text_rank(&self) -> &[u32] {
        self.text_index.rank(&self.texts)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    pub fn classes(&self) -> usize {
        self.labels.len()
    }

    /// Adds a compared model with no predictions yet.
    pub fn add_compared(&mut self, name: String) {
        let (n, c) = (self.len(), self.classes());
        self.models.push(ModelOutputs::new(name, n, c));
    }

    /// The compared models (`--compare`), in order.
    pub fn compared(&self) -> &[ModelOutputs] {
        &self.models[1..]
    }

    /// The main model's vectors, `len × embedding_dim()`.
    pub fn embeddings(&self) -> &[f32] {
        &self.models[0].vectors
    }

    /// The vectors, shared (for a worker) rather than copied.
    pub fn embeddings_shared(&self) -> std::sync::Arc<Vec<f32>> {
        self.models[0].vectors.clone()
    }

    pub fn embedding_dim(&self) -> usize {
        self.models[0].dim
    }

    /// Appends a row made by the user; returns its index.
    pub fn push_added(
        &mut self,
        id: u64,
        text: String,
        gold: Option<usize>,
        parent: Option<usize>,
    ) -> usize {
        let i = self.len();
        self.ids.push(id);
        self.text_index.push(&text);
        self.texts.push(text);
        self.gold.push(gold);
        self.parent.push(parent);
        self.added.push(true);
        for f in &mut self.features {
            let (t, n) = match parent {
                Some(p) => (f.text(p).to_string(), f.numbers.as_ref().map(|v| v[p])),
                None => (String::new(), Some(f64::NAN)),
            };
            f.push_text(&t);
            if let Some(nums) = f.numbers.as_mut() {
                nums.push(n.unwrap_or(f64::NAN));
            }
        }
        let c = self.classes();
        if self.models.is_empty() {
            // A store made with `Default` gets its main model on the first row.
            self.models.push(ModelOutputs::new(String::new(), i, c));
        }
        for m in &mut self.models {
            m.push_row(c);
        }
        self.version += 1;
        if let Some(p) = parent {
            self.children_of.entry(p).or_default().push(i);
        }
        if let Some(index) = self.by_id.get_mut() {
            index.entry(id).or_insert(i);
        }
        i
    }

    pub fn set_probs(&mut self, row: usize, probs: &[f32]) {
        self.set_probs_of(0, row, probs);
    }

    /// Stores model `m`'s probabilities of a row (0 is the main model).
    pub fn set_probs_of(&mut self, m: usize, row: usize, probs: &[f32]) {
        let c = self.classes();
        if let Some(model) = self.models.get_mut(m)
            && model.set_probs(row, c, probs)
        {
            self.version += 1;
        }
    }

    /// Probabilities of a row, if predicted.
    pub fn probs(&self, row: usize) -> Option<&[f32]> {
        self.probs_of(0, row)
    }

    pub fn predicted(&self, row: usize) -> Option<usize> {
        super::scores::predicted(self.probs(row)?, self.threshold)
    }

    /// Models in all: the main one, then the compared ones.
    pub fn model_count(&self) -> usize {
        self.models.len()
    }

    /// Probabilities of a row under model `m` (0 is the main model).
    pub fn probs_of(&self, m: usize, row: usize) -> Option<&[f32]> {
        self.models.get(m)?.probs(row, self.classes())
    }

    /// Model `m`'s predicted class (the main model's follows the threshold).
    pub fn predicted_by(&self, m: usize, row: usize) -> Option<usize> {
        if m == 0 {
            return self.predicted(row);
        }
        self.probs_of(m, row)
            .and_then(crate::jobs::inference::argmax)
    }

    /// The `m`-th compared model's probabilities (0 is the first `--compare`).
    pub fn set_compared_probs(&mut self, m: usize, row: usize, probs: &[f32]) {
        self.set_probs_of(m + 1, row, probs);
    }

    /// Stores a row's vector from the main model; the first one fixes the dimension.
    pub fn set_embedding(&mut self, row: usize, v: &[f32]) {
        let n = self.len();
        self.models[0].set_vector(row, n, v);
    }

    /// Whether every row has its vector.
    pub fn embeddings_complete(&self) -> bool {
        self.models[0].vectors_complete()
    }

    /// The best probability minus the runner-up's.
    pub fn margin(&self, row: usize) -> Option<f32> {
        Some(super::scores::margin(self.probs(row)?))
    }

    /// The probability of the shown prediction (which follows the threshold).
    pub fn confidence(&self, row: usize) -> Option<f32> {
        super::scores::confidence(self.probs(row)?, self.threshold)
    }

    /// The label quality (cleanlab's self-confidence): the probability of
    /// the gold label. Low means the label is likely wrong.
    pub fn label_quality(&self, row: usize) -> Option<f32> {
        Some(self.probs(row)?[self.gold[row]?])
    }

    /// `Some(true)` when predicted and right, `None` when unknown.
    pub fn correct(&self, row: usize) -> Option<bool> {
        Some(self.gold[row]? == self.predicted(row)?)
    }

    pub fn children(&self, row: usize) -> impl Iterator<Item = usize> + '_ {
        self.children_of
            .get(&row)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&c| self.live(c))
    }

    /// Whether row `i` is shown (not a deleted added row).
    pub fn live(&self, i: usize) -> bool {
        !self.deleted.contains(&i)
    }

    /// The first row with this id (rows are indexed once, on first use).
    pub fn index_of(&self, id: u64) -> Option<usize> {
        self.by_id
            .get_or_init(|| {
                let mut index = std::collections::HashMap::with_capacity(self.ids.len());
                for (i, &x) in self.ids.iter().enumerate() {
                    index.entry(x).or_insert(i);
                }
                index
            })
            .get(&id)
            .copied()
    }

    /// Row `i`'s gold label as saved: a class name, or a label the model does not know.
    pub fn gold_name(&self, i: usize) -> Option<&str> {
        match self.gold[i] {
            Some(g) => self.labels.get(g).map(String::as_str),
            None => self.kept.get(&i).and_then(|k| k.label.as_deref()),
        }
    }

    /// Row `i`'s gold label for display: a label the model does not know says so.
    pub fn gold_shown(&self, i: usize) -> String {
        match (self.gold[i], self.gold_name(i)) {
            (None, Some(kept)) => format!("{kept} (not a class of this model)"),
            (_, name) => name.unwrap_or("").to_string(),
        }
    }

    /// Row `i`'s parent id, also when the parent is not in the data now.
    pub fn parent_id(&self, i: usize) -> Option<u64> {
        match self.parent[i] {
            Some(p) => Some(self.ids[p]),
            None => self.kept.get(&i).and_then(|k| k.parent),
        }
    }

    pub fn label_name(&self, class: Option<usize>) -> &str {
        class
            .and_then(|c| self.labels.get(c))
            .map_or("", String::as_str)
    }
}
