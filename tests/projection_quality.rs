//! Projection quality on SST-2 dev `sentence_embedding` vectors, measured as
//! scikit-learn's trustworthiness at k=10 against the original space.
//! Python references (seed 0): PCA 0.67, umap-learn 0.77, scikit-learn t-SNE 0.81.
//! On the first 10,000 SST-2 train rows, umap-learn scores 0.805–0.813 (seeds 0–3).

mod common;

use common::*;
use lit_tui::analysis::knn::{knn, trustworthiness};
use lit_tui::analysis::nn_descent::nn_descent;
use lit_tui::analysis::projection::pca;
use lit_tui::analysis::umap::{UmapParams, umap};

fn vectors() -> (&'static [f32], usize) {
    let loaded = sst2_full_dev();
    assert_eq!(loaded.embedding_dim, 384);
    (&loaded.embeddings, loaded.embedding_dim)
}

#[test]
fn pca_is_as_trustworthy_as_scikit_learns() {
    let (data, dim) = vectors();
    let t = trustworthiness(data, dim, &pca(data, dim).expect("pca").coords, 10);
    eprintln!("PCA trustworthiness {t:.4}");
    assert!((t - 0.67).abs() < 0.02, "{t}");
}

#[test]
fn umap_is_trustworthy_and_deterministic() {
    let (data, dim) = vectors();
    let params = UmapParams::default();
    let y = umap(data, dim, &params);
    let t = trustworthiness(data, dim, &y, 10);
    eprintln!("UMAP trustworthiness {t:.4}");
    assert!(t >= 0.75, "{t}");
    assert_eq!(
        umap(data, dim, &params),
        y,
        "the same seed gives the same layout"
    );
}

/// Large enough for NN-descent and the multi-threaded layout.
#[test]
fn umap_of_ten_thousand_rows_is_as_trustworthy_as_umap_learn_and_deterministic() {
    let loaded = sst2_full_train_10k();
    let (data, dim) = (&loaded.embeddings[..], loaded.embedding_dim);
    assert_eq!(data.len(), 10_000 * dim);
    let params = UmapParams::default();
    let y = umap(data, dim, &params);
    let t = trustworthiness(data, dim, &y, 10);
    eprintln!("UMAP trustworthiness on 10,000 rows {t:.4}");
    assert!(t >= 0.80, "{t}");
    assert_eq!(
        umap(data, dim, &params),
        y,
        "the same seed gives the same layout"
    );
}

#[test]
fn nn_descent_finds_nearly_every_exact_neighbour_of_real_vectors() {
    let (data, dim) = vectors();
    let exact = knn(data, dim, 14);
    let approx = nn_descent(data, dim, 14, 0);
    let n = data.len() / dim;
    let found: usize = (0..n)
        .map(|i| {
            let truth = exact.of(i).0;
            approx.of(i).0.iter().filter(|j| truth.contains(j)).count()
        })
        .sum();
    let recall = found as f64 / (n * 14) as f64;
    eprintln!("NN-descent recall on SST-2 dev {recall:.4}");
    // pynndescent's graph for umap-learn on 10,000 train rows: 0.95.
    assert!(recall >= 0.9, "{recall}");
}

#[test]
fn tsne_is_trustworthy_and_deterministic() {
    let (data, dim) = vectors();
    let params = lit_tui::analysis::tsne::TsneParams::default();
    let started = std::time::Instant::now();
    let y = lit_tui::analysis::tsne::tsne(data, dim, &params);
    let t = trustworthiness(data, dim, &y, 10);
    eprintln!(
        "t-SNE trustworthiness {t:.4} in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(t >= 0.79, "{t}");
    assert_eq!(
        lit_tui::analysis::tsne::tsne(data, dim, &params),
        y,
        "the same seed gives the same layout"
    );
}
