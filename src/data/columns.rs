//! Picks the text column and the gold label column.

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use super::DataOptions;
use super::lit_spec::LitFields;
use crate::error::list_some;
use crate::user_error;

pub struct Choice {
    pub text: String,
    pub label: Option<String>,
    pub notes: Vec<String>,
}

pub fn choose(
    df: &DataFrame,
    opts: &DataOptions,
    lit: Option<&LitFields>,
    path: &Path,
) -> Result<Choice> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let is_text = |name: &str| {
        df.column(name)
            .is_ok_and(|c| c.dtype() == &DataType::String)
    };
    let mut notes = Vec::new();

    let text = if let Some(field) = &opts.text_field {
        if !names.contains(field) {
            return Err(user_error!(
                "{} has no column `{field}` (from --text-field); its columns are {}",
                path.display(),
                list_some(&names, 20)
            ));
        }
        if !is_text(field) {
            return Err(user_error!(
                "column `{field}` of {} holds {}, not text; pick a text column with --text-field",
                path.display(),
                df.column(field)?.dtype()
            ));
        }
        field.clone()
    } else if let Some(field) = lit.and_then(|l| l.text.clone()).filter(|f| is_text(f)) {
        field
    } else if let Some(field) = ["sentence", "text"].iter().find(|n| is_text(n)) {
        field.to_string()
    } else {
        // The label column is often text too; it is the text only when nothing else is.
        let label_name = opts.label_field.as_deref().unwrap_or("label");
        let mut strings: Vec<&String> = names
            .iter()
            .filter(|n| is_text(n) && *n != label_name)
            .collect();
        if strings.is_empty() && is_text(label_name) {
            strings = names.iter().filter(|n| *n == label_name).collect();
        }
        match strings.as_slice() {
            [only] => {
                if let Some(named) = ["sentence", "text"]
                    .iter()
                    .find(|n| names.iter().any(|c| c == *n))
                {
                    notes.push(format!(
                        "column `{named}` holds {}, not text, so the text is read from `{only}`, the only text column",
                        df.column(named)?.dtype()
                    ));
                }
                (*only).clone()
            }
            [] => {
                return Err(user_error!(
                    "{} has no text column: its columns are {}, none holding strings; lit-tui needs a `sentence` or `text` column",
                    path.display(),
                    list_some(&names, 20)
                ));
            }
            many => {
                return Err(user_error!(
                    "{} has no `sentence` or `text` column and several text columns ({}); choose one with --text-field",
                    path.display(),
                    list_some(many, 10)
                ));
            }
        }
    };

    let label = if let Some(field) = &opts.label_field {
        if !names.contains(field) {
            return Err(user_error!(
                "{} has no column `{field}` (from --label-field); its columns are {}",
                path.display(),
                list_some(&names, 20)
            ));
        }
        Some(field.clone())
    } else {
        lit.and_then(|l| l.label.clone())
            .filter(|f| names.contains(f))
            .or_else(|| names.iter().find(|n| *n == "label").cloned())
    };
    let label = match label {
        Some(l) if l == text => {
            notes.push(format!(
                "column `{l}` is the text, so the data has no gold labels"
            ));
            None
        }
        other => other,
    };
    if label.is_none() && opts.label_field.is_none() && !notes.iter().any(|n| n.contains("gold")) {
        notes.push(
            "no `label` column: the data has no gold labels (name one with --label-field)".into(),
        );
    }
    Ok(Choice { text, label, notes })
}
