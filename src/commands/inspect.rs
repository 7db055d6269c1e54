//! `lit-tui inspect`: what lit-tui found in a model.

use anyhow::Result;

use crate::cli::InspectArgs;
use crate::model::Model;

pub fn inspect(args: &InspectArgs) -> Result<()> {
    let model = Model::load(&args.model.options())?;
    let f = &model.files;
    println!("model      {}", model.name);
    println!("onnx       {}", f.onnx.display());
    println!("tokenizer  {}", f.tokenizer.display());
    println!(
        "config     {}",
        f.config
            .as_ref()
            .map_or("(none)".into(), |c| c.display().to_string())
    );
    println!(
        "spec       {}",
        if f.spec.exists() {
            f.spec.display().to_string()
        } else {
            "(none)".into()
        }
    );
    println!(
        "runtime    {}",
        crate::runtime::loaded_from().map_or("?".into(), |p| p.display().to_string())
    );
    println!("device     {:?}", model.device);
    if let Some(note) = &model.device_note {
        println!("           {note}");
    }
    println!("max length {} tokens", model.max_length);
    let (inputs, outputs) = model.io_summary()?;
    println!("inputs");
    for i in inputs {
        println!("  {i}");
    }
    println!("outputs");
    for o in outputs {
        let name = o.split(' ').next().unwrap_or_default();
        let role = model
            .outputs
            .iter()
            .find(|(n, _)| n == name)
            .map_or("(unused)".to_string(), |(_, r)| r.describe());
        println!("  {o}  → {role}");
    }
    match model.embedding_source() {
        Some((name, crate::model::OutputRole::LastHiddenState)) => {
            println!("embeddings {name}, mean-pooled over the attention mask")
        }
        Some((name, _)) => println!("embeddings {name}"),
        None => println!(
            "embeddings (none: export sentence_embedding or last_hidden_state to get them)"
        ),
    }
    println!(
        "labels     {} classes: {}",
        model.labels.len(),
        crate::error::list_some(&model.labels, 10)
    );
    Ok(())
}
