//! Finds the files of a model: `model.onnx`, `tokenizer.json`, `config.json`, spec.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::spec::SPEC_FILE;
use crate::user_error;

#[derive(Debug, Clone)]
pub struct ModelFiles {
    pub onnx: PathBuf,
    pub tokenizer: PathBuf,
    pub config: Option<PathBuf>,
    /// `lit-tui.toml` beside the model; it may not exist.
    pub spec: PathBuf,
}

impl ModelFiles {
    /// `model` is an export folder or an `.onnx` file; `tokenizer` overrides the one beside it.
    pub fn locate(model: &Path, tokenizer: Option<&Path>) -> Result<Self> {
        if model.as_os_str().is_empty() {
            return Err(crate::user_error!(
                "no model given: add --model FOLDER, an export folder (model.onnx, tokenizer.json, config.json) or an .onnx file"
            ));
        }
        super::must_exist(
            model,
            "the model",
            "give --model an export folder (model.onnx, tokenizer.json, config.json) or an .onnx file",
        )?;
        let (onnx, dir) = if model.is_dir() {
            let onnx = model.join("model.onnx");
            if !onnx.exists() {
                let others: Vec<String> = std::fs::read_dir(model)
                    .map(|rd| {
                        rd.filter_map(|e| e.ok())
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .filter(|n| n.ends_with(".onnx"))
                            .collect()
                    })
                    .unwrap_or_default();
                let hint = if others.is_empty() {
                    "export one with optimum-cli export onnx --task text-classification".to_string()
                } else {
                    format!(
                        "pass one of its .onnx files instead: {}",
                        crate::error::list_some(&others, 5)
                    )
                };
                return Err(user_error!(
                    "{} holds no model.onnx; {hint}",
                    model.display()
                ));
            }
            (onnx, model.to_path_buf())
        } else {
            let dir = model.parent().map(Path::to_path_buf).unwrap_or_default();
            (model.to_path_buf(), dir)
        };
        let tokenizer = match tokenizer {
            Some(t) => {
                super::must_exist(
                    t,
                    "the tokenizer",
                    "pass --tokenizer the tokenizer.json saved with the model",
                )?;
                t.to_path_buf()
            }
            None => {
                let t = dir.join("tokenizer.json");
                if !t.exists() {
                    return Err(user_error!(
                        "no tokenizer for {}: {} does not exist. Save it beside the model (tokenizer.save_pretrained) or pass --tokenizer FILE",
                        onnx.display(),
                        t.display()
                    ));
                }
                t
            }
        };
        let config = Some(dir.join("config.json")).filter(|p| p.exists());
        let spec = dir.join(SPEC_FILE);
        for (path, what) in [
            (Some(&onnx), "the model"),
            (Some(&tokenizer), "the tokenizer"),
            (config.as_ref(), "the model's config"),
            (Some(&spec), "the model's settings"),
        ] {
            if let Some(why) = path.and_then(|p| crate::paths::not_a_regular_file(p, what)) {
                return Err(user_error!("{why}"));
            }
        }
        Ok(Self {
            onnx,
            tokenizer,
            config,
            spec,
        })
    }

    /// A short name: the export folder's name, or the file's stem.
    pub fn display_name(&self) -> String {
        let stem = self
            .onnx
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("model");
        if stem == "model"
            && let Some(dir) = self
                .onnx
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|d| d.to_str())
        {
            return dir.to_string();
        }
        stem.to_string()
    }
}
