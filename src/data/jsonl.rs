//! JSON Lines, parsed line by line so a bad line is reported by number.
//! Also reads LIT's `.lit.jsonl`, whose records may wrap fields in `data`
//! (older LIT) and carry `_id`/`_meta` (newer LIT).

use std::path::Path;

use anyhow::Result;
use polars::prelude::*;
use serde_json::{Map, Value};

use crate::user_error;

/// The records as a DataFrame, and notes on what was odd in them.
pub fn read(bytes: &[u8], path: &Path) -> Result<(DataFrame, Vec<String>)> {
    let text = std::str::from_utf8(bytes)?;
    // A UTF-8 byte order mark (Windows editors write one) is not part of the data.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut names: Vec<String> = Vec::new();
    let mut records: Vec<Map<String, Value>> = Vec::new();
    let mut notes = Vec::new();
    let mut objects: Vec<(String, usize)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if notes.is_empty()
            && let Some(key) = super::input_notes::repeated_key(line)
        {
            notes.push(format!(
                "line {}: the key `{key}` is given twice in one record; the last value is used",
                n + 1
            ));
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            user_error!(
                "{}:{}: not valid JSON ({e}); each line must be one JSON object, like {{\"text\": \"...\", \"label\": \"...\"}}",
                path.display(),
                n + 1
            )
        })?;
        let Value::Object(mut record) = value else {
            return Err(user_error!(
                "{}:{}: expected a JSON object, found {}",
                path.display(),
                n + 1,
                kind(&value)
            ));
        };
        record = unwrap_lit(record);
        record.remove("_meta");
        for (key, value) in &record {
            if value.is_object() && !objects.iter().any(|(k, _)| k == key) {
                objects.push((key.clone(), n + 1));
            }
        }
        for key in record.keys() {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
        records.push(record);
    }
    if records.is_empty() {
        return Err(user_error!("{} holds no JSON records", path.display()));
    }
    let columns = names
        .iter()
        .map(|name| column(name, &records))
        .collect::<Vec<_>>();
    for (key, line) in objects {
        notes.push(format!(
            "line {line}: `{key}` holds JSON objects, read as their JSON text; if it is the text column, choose a text column with --text-field"
        ));
    }
    Ok((DataFrame::new(records.len(), columns)?, notes))
}

/// Older LIT files hold `{"id": ..., "data": {...}, "meta": {...}}`.
fn unwrap_lit(mut record: Map<String, Value>) -> Map<String, Value> {
    let only_wrapper_keys = record
        .keys()
        .all(|k| matches!(k.as_str(), "id" | "data" | "meta"));
    if only_wrapper_keys
        && record.get("data").is_some_and(Value::is_object)
        && let Some(Value::Object(data)) = record.remove("data")
    {
        return data;
    }
    record
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One column: integers, floats, booleans, or text (anything else as JSON text).
fn column(name: &str, records: &[Map<String, Value>]) -> Column {
    let values: Vec<Option<&Value>> = records
        .iter()
        .map(|r| r.get(name).filter(|v| !v.is_null()))
        .collect();
    let present = || values.iter().flatten();
    if present().all(|v| v.is_i64()) {
        let data: Vec<Option<i64>> = values.iter().map(|v| v.and_then(Value::as_i64)).collect();
        return Column::new(name.into(), data);
    }
    if present().all(|v| v.is_number()) {
        let data: Vec<Option<f64>> = values.iter().map(|v| v.and_then(Value::as_f64)).collect();
        return Column::new(name.into(), data);
    }
    if present().all(|v| v.is_boolean()) {
        let data: Vec<Option<bool>> = values.iter().map(|v| v.and_then(Value::as_bool)).collect();
        return Column::new(name.into(), data);
    }
    let data: Vec<Option<String>> = values
        .iter()
        .map(|v| {
            v.map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        })
        .collect();
    Column::new(name.into(), data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_types_and_missing_values() {
        let (df, _) = read(
            b"{\"text\": \"a\", \"label\": 1, \"score\": 0.5}\n\n{\"text\": \"b\", \"label\": 0, \"tags\": [1]}\n",
            Path::new("x.jsonl"),
        )
        .expect("reads");
        assert_eq!(df.height(), 2);
        assert_eq!(df.column("label").expect("label").dtype(), &DataType::Int64);
        assert_eq!(
            df.column("score").expect("score").dtype(),
            &DataType::Float64
        );
        assert_eq!(
            df.column("tags").expect("tags").str().expect("str").get(1),
            Some("[1]")
        );
    }

    #[test]
    fn bad_line_is_named() {
        let err = read(
            b"{\"text\": \"a\"}\n{\"text\": oops}\n",
            Path::new("d.jsonl"),
        )
        .expect_err("fails");
        assert!(
            err.to_string().starts_with("d.jsonl:2: not valid JSON"),
            "{err}"
        );
    }

    #[test]
    fn old_lit_records_are_unwrapped() {
        let (df, _) = read(
            b"{\"id\": \"x\", \"data\": {\"sentence\": \"hi\"}, \"meta\": {}}\n",
            Path::new("d.lit.jsonl"),
        )
        .expect("reads");
        assert_eq!(df.get_column_names(), vec!["sentence"]);
    }
}
