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
    let parsed = parse(bytes, path, 0)?;
    if parsed.records.is_empty() {
        return Err(user_error!("{} holds no JSON records", path.display()));
    }
    let kinds = parsed.kinds();
    parsed.frame(&kinds)
}

/// The records of some lines of a JSONL file, before they become columns.
pub struct Parsed {
    records: Vec<Map<String, Value>>,
    /// Keys in first-seen order.
    names: Vec<String>,
    notes: Vec<String>,
    /// Keys holding JSON objects, with the line that first did.
    objects: Vec<(String, usize)>,
}

/// What a column holds, found from every value: a file read in chunks
/// agrees on it before any chunk becomes a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No value yet (every value missing): integers, as a whole-file read says.
    Missing,
    Int,
    Float,
    Bool,
    Text,
}

impl Kind {
    fn of(v: &Value) -> Self {
        match v {
            Value::Null => Self::Missing,
            Value::Number(n) if n.is_i64() => Self::Int,
            Value::Number(_) => Self::Float,
            Value::Bool(_) => Self::Bool,
            _ => Self::Text,
        }
    }

    /// The kind of a column holding values of both kinds.
    pub fn join(self, other: Self) -> Self {
        use Kind::*;
        match (self, other) {
            (Missing, k) | (k, Missing) => k,
            (a, b) if a == b => a,
            (Int, Float) | (Float, Int) => Float,
            _ => Text,
        }
    }
}

/// Parses the lines of `bytes`, numbering them from `first_line` + 1 in messages.
pub fn parse(bytes: &[u8], path: &Path, first_line: usize) -> Result<Parsed> {
    let text = std::str::from_utf8(bytes)?;
    // A UTF-8 byte order mark (Windows editors write one) is not part of the data.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed {
        records: Vec::new(),
        names: Vec::new(),
        notes: Vec::new(),
        objects: Vec::new(),
    };
    for (n, line) in (first_line..).zip(text.lines()) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if parsed.notes.is_empty()
            && let Some(key) = super::input_notes::repeated_key(line)
        {
            parsed.notes.push(format!(
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
            if value.is_object() && !parsed.objects.iter().any(|(k, _)| k == key) {
                parsed.objects.push((key.clone(), n + 1));
            }
        }
        for key in record.keys() {
            if !parsed.names.contains(key) {
                parsed.names.push(key.clone());
            }
        }
        parsed.records.push(record);
    }
    Ok(parsed)
}

impl Parsed {
    pub(super) fn len(&self) -> usize {
        self.records.len()
    }

    /// Each key, in first-seen order, with the kind of its values.
    pub fn kinds(&self) -> Vec<(String, Kind)> {
        self.names
            .iter()
            .map(|name| {
                let kind = self
                    .records
                    .iter()
                    .filter_map(|r| r.get(name))
                    .fold(Kind::Missing, |k, v| k.join(Kind::of(v)));
                (name.clone(), kind)
            })
            .collect()
    }

    /// The records as columns of the given kinds (keys not given are dropped), and the notes.
    pub fn frame(self, kinds: &[(String, Kind)]) -> Result<(DataFrame, Vec<String>)> {
        let columns = kinds
            .iter()
            .map(|(name, kind)| column(name, *kind, &self.records))
            .collect::<Vec<_>>();
        let mut notes = self.notes;
        for (key, line) in self.objects {
            notes.push(format!(
                "line {line}: `{key}` holds JSON objects, read as their JSON text; if it is the text column, choose a text column with --text-field"
            ));
        }
        Ok((DataFrame::new(self.records.len(), columns)?, notes))
    }
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
fn column(name: &str, kind: Kind, records: &[Map<String, Value>]) -> Column {
    let values = records.iter().map(|r| r.get(name).filter(|v| !v.is_null()));
    match kind {
        Kind::Missing | Kind::Int => {
            let data: Vec<Option<i64>> = values.map(|v| v.and_then(Value::as_i64)).collect();
            Column::new(name.into(), data)
        }
        Kind::Float => {
            let data: Vec<Option<f64>> = values.map(|v| v.and_then(Value::as_f64)).collect();
            Column::new(name.into(), data)
        }
        Kind::Bool => {
            let data: Vec<Option<bool>> = values.map(|v| v.and_then(Value::as_bool)).collect();
            Column::new(name.into(), data)
        }
        Kind::Text => {
            let data: Vec<Option<String>> = values
                .map(|v| {
                    v.map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                })
                .collect();
            Column::new(name.into(), data)
        }
    }
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
