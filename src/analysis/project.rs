//! One entry point for the 2-D projections (PCA, UMAP, t-SNE) shared by the
//! app and `lit-tui project`: it checks the input first and says what is
//! wrong, instead of returning nothing or laying out garbage.

use super::Report;
use super::projection::{Projection, pca};
use super::tsne::{TsneParams, tsne_reporting};
use super::umap::{UmapParams, umap_reporting};

/// How vectors are laid out in 2-D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectionMethod {
    Pca,
    Umap,
    Tsne,
}

impl ProjectionMethod {
    pub const ALL: [Self; 3] = [Self::Pca, Self::Umap, Self::Tsne];

    pub fn name(self) -> &'static str {
        match self {
            Self::Pca => "PCA",
            Self::Umap => "UMAP",
            Self::Tsne => "t-SNE",
        }
    }

    pub fn next(self) -> Self {
        match self {
            Self::Pca => Self::Umap,
            Self::Umap => Self::Tsne,
            Self::Tsne => Self::Pca,
        }
    }
}

/// Lays `rows × dim` vectors out with `method`. UMAP and t-SNE return only
/// coordinates (no components: new rows cannot be placed without a refit).
pub fn project(
    method: ProjectionMethod,
    data: &[f32],
    dim: usize,
    umap: &UmapParams,
    tsne: &TsneParams,
    report: Report,
) -> Result<Projection, String> {
    check(method, data, dim, umap, tsne)?;
    Ok(match method {
        ProjectionMethod::Pca => pca(data, dim)
            .ok_or_else(|| "PCA could not fit the vectors: they have no spread".to_string())?,
        ProjectionMethod::Umap => coords_only(umap_reporting(data, dim, umap, report)),
        ProjectionMethod::Tsne => coords_only(tsne_reporting(data, dim, tsne, report)),
    })
}

fn coords_only(coords: Vec<[f32; 2]>) -> Projection {
    Projection {
        coords,
        mean: Vec::new(),
        components: [Vec::new(), Vec::new()],
    }
}

/// Why `project` cannot run on this input, in a sentence for the user.
fn check(
    method: ProjectionMethod,
    data: &[f32],
    dim: usize,
    umap: &UmapParams,
    tsne: &TsneParams,
) -> Result<(), String> {
    let name = method.name();
    if dim == 0 || !data.len().is_multiple_of(dim) {
        return Err(format!(
            "{name} needs vectors of one length; got {} numbers for vectors of {dim}",
            data.len()
        ));
    }
    let n = data.len() / dim;
    if n < 2 {
        let have = if n == 1 {
            "there is one"
        } else {
            "there are none"
        };
        return Err(format!(
            "{name} needs at least two rows with vectors; {have}"
        ));
    }
    let bad = data
        .chunks_exact(dim)
        .filter(|row| row.iter().any(|v| !v.is_finite()))
        .count();
    if bad > 0 {
        return Err(format!(
            "{bad} of {n} vectors hold NaN or infinite values; {name} needs finite numbers (check the model's vector output)"
        ));
    }
    match method {
        ProjectionMethod::Pca => Ok(()),
        ProjectionMethod::Umap => check_umap(umap),
        ProjectionMethod::Tsne => check_tsne(tsne, n),
    }
}

fn check_umap(params: &UmapParams) -> Result<(), String> {
    if !params.min_dist.is_finite() || params.min_dist < 0.0 {
        return Err(format!(
            "UMAP min_dist must be a number from 0 up; got {}",
            params.min_dist
        ));
    }
    Ok(())
}

/// scikit-learn's rule: the perplexity is positive and below the row count.
fn check_tsne(params: &TsneParams, n: usize) -> Result<(), String> {
    let p = params.perplexity;
    if !p.is_finite() || p <= 0.0 || p >= n as f32 {
        return Err(format!(
            "t-SNE perplexity must be above 0 and below the row count ({n}); got {p}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        method: ProjectionMethod,
        data: &[f32],
        dim: usize,
        tsne: TsneParams,
    ) -> Result<Projection, String> {
        project(method, data, dim, &UmapParams::default(), &tsne, &|_, _| {})
    }

    /// Eight 3-D points on two lines, so every method has something to lay out.
    fn points() -> Vec<f32> {
        (0..8)
            .flat_map(|i| {
                let t = i as f32;
                [t, (i % 2) as f32 * 5.0, t * 0.5]
            })
            .collect()
    }

    #[test]
    fn fewer_than_two_rows_is_an_error_not_nothing() {
        let e = run(ProjectionMethod::Pca, &[1.0, 2.0], 2, TsneParams::default())
            .expect_err("the input is refused");
        assert_eq!(e, "PCA needs at least two rows with vectors; there is one");
        let e = run(ProjectionMethod::Umap, &[], 2, TsneParams::default())
            .expect_err("the input is refused");
        assert!(e.contains("there are none"), "{e}");
    }

    #[test]
    fn non_finite_vectors_are_counted() {
        let mut data = points();
        data[1] = f32::NAN;
        data[7] = f32::INFINITY;
        data[8] = f32::NEG_INFINITY;
        let e = run(ProjectionMethod::Tsne, &data, 3, TsneParams::default())
            .expect_err("the input is refused");
        assert!(
            e.starts_with("2 of 8 vectors hold NaN or infinite values"),
            "{e}"
        );
    }

    #[test]
    fn perplexity_outside_its_range_says_the_range() {
        for perplexity in [f32::INFINITY, f32::NAN, 0.0, -1.0, 8.0] {
            let tsne = TsneParams {
                perplexity,
                ..Default::default()
            };
            let e =
                run(ProjectionMethod::Tsne, &points(), 3, tsne).expect_err("the input is refused");
            assert!(e.contains("above 0 and below the row count (8)"), "{e}");
        }
        // PCA and UMAP ignore the t-SNE parameters.
        let tsne = TsneParams {
            perplexity: f32::INFINITY,
            ..Default::default()
        };
        assert!(run(ProjectionMethod::Pca, &points(), 3, tsne).is_ok());
    }

    #[test]
    fn every_method_lays_out_every_row() {
        let tsne = TsneParams {
            perplexity: 2.0,
            iterations: 50,
            seed: 1,
        };
        for method in [
            ProjectionMethod::Pca,
            ProjectionMethod::Umap,
            ProjectionMethod::Tsne,
        ] {
            let p = run(method, &points(), 3, tsne).expect("valid input");
            assert_eq!(p.coords.len(), 8, "{}", method.name());
            assert!(p.coords.iter().flatten().all(|v| v.is_finite()));
        }
        assert_eq!(ProjectionMethod::Tsne.next(), ProjectionMethod::Pca);
    }
}
