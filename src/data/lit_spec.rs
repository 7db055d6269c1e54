//! LIT's `.spec` file beside a `.lit.jsonl`: which field is text, which is the label.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::Value;

use crate::user_error;

/// The roles a LIT spec gives to fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LitFields {
    pub text: Option<String>,
    pub label: Option<String>,
    /// The label field's vocabulary, in order, when the spec gives one.
    pub vocab: Option<Vec<String>>,
}

/// `data.lit.jsonl` → `data.lit.jsonl.spec`, read when present.
pub fn read_beside(path: &Path) -> Result<Option<LitFields>> {
    let name = path.to_string_lossy();
    if !name.ends_with(".lit.jsonl") {
        return Ok(None);
    }
    let spec_path = PathBuf::from(format!("{name}.spec"));
    let Ok(text) = std::fs::read_to_string(&spec_path) else {
        return Ok(None);
    };
    let spec: Value = serde_json::from_str(&text)
        .map_err(|e| user_error!("{} is not valid JSON: {e}", spec_path.display()))?;
    let Value::Object(fields) = spec else {
        return Err(user_error!(
            "{} must be a JSON object of field specs",
            spec_path.display()
        ));
    };
    let mut out = LitFields::default();
    for (field, ty) in &fields {
        let type_name = ty
            .get("__name__")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match type_name {
            "TextSegment" if out.text.is_none() => out.text = Some(field.clone()),
            "CategoryLabel" if out.label.is_none() => {
                out.label = Some(field.clone());
                out.vocab = ty.get("vocab").and_then(Value::as_array).map(|v| {
                    v.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                });
            }
            _ => {}
        }
    }
    Ok(Some(out))
}
