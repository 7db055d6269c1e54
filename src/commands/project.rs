//! `lit-tui project`: the model's vectors laid out in 2-D, written as id, x, y.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use polars::prelude::*;

use super::run::evaluate_with;
use crate::analysis::knn::trustworthiness;
use crate::analysis::project::{ProjectionMethod, project as lay_out};
use crate::analysis::tsne::TsneParams;
use crate::analysis::umap::UmapParams;
use crate::cli::{Method, ProjectArgs};
use crate::data::row_id::format_id;
use crate::data::write;
use crate::user_error;

pub fn project(args: &ProjectArgs) -> Result<()> {
    let format = write::Format::of(&args.out)?;
    write::refuse_data_file(&args.out, "--out", args.data.path())?;
    if let Some(vectors) = &args.vectors_out {
        write::refuse_data_file(vectors, "--vectors-out", args.data.path())?;
    }
    let ev = evaluate_with(&args.model, &args.data, &args.run, true)?;
    let (dim, data) = (ev.predictions.embedding_dim, &ev.predictions.embeddings);
    if dim == 0 {
        return Err(user_error!(
            "{} gives no vectors to project: export `sentence_embedding` or `last_hidden_state` with the model",
            ev.name
        ));
    }
    let n = data.len() / dim;
    let started = Instant::now();
    let coords = layout(args, data, dim)?;
    let spent = started.elapsed();
    eprintln!(
        "projected {n} rows ({dim} dimensions) with {:?} in {:.3}s",
        args.method,
        spent.as_secs_f64()
    );
    if args.trustworthiness {
        eprintln!(
            "trustworthiness (k=10): {:.4}",
            trustworthiness(data, dim, &coords, 10)
        );
    }
    if args.plot {
        print!(
            "{}",
            super::plot::scatter(
                &format!("{:?} layout of {n} rows (x →, y ↑)", args.method),
                &coords
            )
        );
    }
    if let Some(path) = &args.vectors_out {
        write_npy(path, data, n, dim)?;
    }
    let mut df = DataFrame::new(
        n,
        vec![
            Column::new(
                "id".into(),
                ev.dataset
                    .ids
                    .iter()
                    .map(|&i| format_id(i))
                    .collect::<Vec<_>>(),
            ),
            Column::new(
                "x".into(),
                coords.iter().map(|c| c[0]).collect::<Vec<f32>>(),
            ),
            Column::new(
                "y".into(),
                coords.iter().map(|c| c[1]).collect::<Vec<f32>>(),
            ),
        ],
    )?;
    write::write(&mut df, &args.out, format)?;
    super::release_at_exit(ev);
    Ok(())
}

fn layout(args: &ProjectArgs, data: &[f32], dim: usize) -> Result<Vec<[f32; 2]>> {
    let method = match args.method {
        Method::Pca => ProjectionMethod::Pca,
        Method::Umap => ProjectionMethod::Umap,
        Method::Tsne => ProjectionMethod::Tsne,
    };
    let umap = UmapParams {
        n_neighbors: args.n_neighbors,
        min_dist: args.min_dist,
        n_epochs: None,
        seed: args.seed,
    };
    let tsne = TsneParams {
        perplexity: args.perplexity,
        seed: args.seed,
        ..Default::default()
    };
    lay_out(method, data, dim, &umap, &tsne, &|_, _| {})
        .map(|p| p.coords)
        .map_err(|e| user_error!("cannot project the vectors: {e}"))
}

/// A NumPy `.npy` file of float32, rows × dim.
fn write_npy(path: &Path, data: &[f32], n: usize, dim: usize) -> Result<()> {
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({n}, {dim}), }}");
    // Magic (6) + version (2) + length (2) + header + newline, padded to 64 bytes.
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path)
            .map_err(|e| user_error!("cannot write {}: {e}", path.display()))?,
    );
    f.write_all(b"\x93NUMPY\x01\x00")?;
    f.write_all(&(header.len() as u16).to_le_bytes())?;
    f.write_all(header.as_bytes())?;
    for v in data {
        f.write_all(&v.to_le_bytes())?;
    }
    f.flush()?;
    Ok(())
}
