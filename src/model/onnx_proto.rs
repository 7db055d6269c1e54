//! Just enough of the ONNX protobuf to find where a model keeps its weights:
//! the initializers (name, shape, type) and, for those stored as external data,
//! the file, offset and length. Also the graph's nodes (op type, inputs,
//! outputs), so a caller can find e.g. the Gather that looks up word embeddings.
//!
//! Field numbers follow `onnx.proto`: ModelProto.graph = 7; GraphProto.node = 1,
//! initializer = 5, sparse_initializer = 15; NodeProto.input = 1, output = 2,
//! op_type = 4, attribute = 5; AttributeProto.t = 5, g = 6, tensors = 10,
//! graphs = 11; TensorProto.dims = 1, data_type = 2, name = 8, raw_data = 9,
//! external_data = 13, data_location = 14; SparseTensorProto.values = 1,
//! indices = 2; StringStringEntryProto.key = 1, value = 2.

use anyhow::{Result, anyhow};

/// Where an initializer's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TensorData {
    /// Inside the .onnx file, at this byte range (or in typed fields we do not read).
    Inline(Option<std::ops::Range<usize>>),
    /// In a file beside the model: its relative path, offset and length (`None`: to the end).
    External {
        location: String,
        offset: u64,
        length: Option<u64>,
    },
}

#[derive(Debug, Clone)]
pub struct Initializer {
    pub name: String,
    pub dims: Vec<i64>,
    /// ONNX `TensorProto.DataType` (1 = float32).
    pub data_type: i32,
    pub data: TensorData,
    /// Whether it is one of the main graph's own initializers (not a
    /// subgraph's, nor a node attribute's constant).
    pub top_level: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Node {
    pub op_type: String,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
}

/// The parts of a model this module reads, from the main graph and every subgraph.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub initializers: Vec<Initializer>,
    pub nodes: Vec<Node>,
}

impl Graph {
    /// Parses a serialized `ModelProto`.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let mut graph = Graph::default();
        for field in Fields::new(bytes) {
            let (number, value) = field?;
            if let (7, Value::Bytes(g)) = (number, value) {
                read_graph(g, bytes, &mut graph, true)?;
            }
        }
        Ok(graph)
    }

    /// The distinct external data files the model names, in first-seen order.
    pub fn external_files(&self) -> Vec<String> {
        let mut files: Vec<String> = Vec::new();
        for init in &self.initializers {
            if let TensorData::External { location, .. } = &init.data
                && !files.contains(location)
            {
                files.push(location.clone());
            }
        }
        files
    }
}

fn read_graph(bytes: &[u8], whole: &[u8], graph: &mut Graph, top_level: bool) -> Result<()> {
    for field in Fields::new(bytes) {
        match field? {
            (1, Value::Bytes(node)) => read_node(node, whole, graph)?,
            (5, Value::Bytes(tensor)) => {
                let mut init = read_tensor(tensor, whole)?;
                init.top_level = top_level;
                graph.initializers.push(init);
            }
            (15, Value::Bytes(sparse)) => {
                for f in Fields::new(sparse) {
                    if let (1 | 2, Value::Bytes(t)) = f? {
                        graph.initializers.push(read_tensor(t, whole)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn read_node(bytes: &[u8], whole: &[u8], graph: &mut Graph) -> Result<()> {
    let mut node = Node::default();
    for field in Fields::new(bytes) {
        match field? {
            (1, Value::Bytes(s)) => node.inputs.push(text(s)),
            (2, Value::Bytes(s)) => node.outputs.push(text(s)),
            (4, Value::Bytes(s)) => node.op_type = text(s),
            (5, Value::Bytes(attribute)) => {
                for f in Fields::new(attribute) {
                    match f? {
                        (5 | 10, Value::Bytes(t)) => {
                            graph.initializers.push(read_tensor(t, whole)?);
                        }
                        (6 | 11, Value::Bytes(g)) => read_graph(g, whole, graph, false)?,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    graph.nodes.push(node);
    Ok(())
}

fn read_tensor(bytes: &[u8], whole: &[u8]) -> Result<Initializer> {
    let mut init = Initializer {
        name: String::new(),
        dims: Vec::new(),
        data_type: 0,
        data: TensorData::Inline(None),
        top_level: false,
    };
    let (mut external, mut entries) = (false, Vec::new());
    for field in Fields::new(bytes) {
        match field? {
            (1, Value::Varint(d)) => init.dims.push(d as i64),
            (1, Value::Bytes(packed)) => {
                let mut rest = packed;
                while !rest.is_empty() {
                    let (d, used) = varint(rest)?;
                    init.dims.push(d as i64);
                    rest = &rest[used..];
                }
            }
            (2, Value::Varint(t)) => init.data_type = t as i32,
            (8, Value::Bytes(s)) => init.name = text(s),
            (9, Value::Bytes(raw)) => {
                // The range of the raw bytes within the whole file.
                let start = raw.as_ptr() as usize - whole.as_ptr() as usize;
                init.data = TensorData::Inline(Some(start..start + raw.len()));
            }
            (13, Value::Bytes(entry)) => {
                let (mut key, mut value) = (String::new(), String::new());
                for f in Fields::new(entry) {
                    match f? {
                        (1, Value::Bytes(k)) => key = text(k),
                        (2, Value::Bytes(v)) => value = text(v),
                        _ => {}
                    }
                }
                entries.push((key, value));
            }
            (14, Value::Varint(1)) => external = true,
            _ => {}
        }
    }
    if external {
        let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let location = get("location").cloned().ok_or_else(|| {
            anyhow!(
                "initializer `{}` is external but names no location",
                init.name
            )
        })?;
        let number = |k: &str| -> Result<Option<u64>> {
            get(k)
                .map(|v| {
                    v.parse::<u64>().map_err(|_| {
                        anyhow!("initializer `{}`: {k} `{v}` is not a number", init.name)
                    })
                })
                .transpose()
        };
        init.data = TensorData::External {
            location,
            offset: number("offset")?.unwrap_or(0),
            length: number("length")?,
        };
    }
    Ok(init)
}

pub(super) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub(super) enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// The top-level fields of one protobuf message, in order.
pub(super) struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    fn next_field(&mut self) -> Result<(u32, Value<'a>)> {
        let (key, used) = varint(self.rest)?;
        self.rest = &self.rest[used..];
        let number = (key >> 3) as u32;
        let value = match key & 7 {
            0 => {
                let (v, used) = varint(self.rest)?;
                self.rest = &self.rest[used..];
                Value::Varint(v)
            }
            1 => self.skip(8)?,
            2 => {
                let (len, used) = varint(self.rest)?;
                self.rest = &self.rest[used..];
                let len = usize::try_from(len).map_err(|_| truncated())?;
                let bytes = self.rest.get(..len).ok_or_else(truncated)?;
                self.rest = &self.rest[len..];
                Value::Bytes(bytes)
            }
            5 => self.skip(4)?,
            wire => return Err(anyhow!("unsupported protobuf wire type {wire}")),
        };
        Ok((number, value))
    }

    fn skip(&mut self, n: usize) -> Result<Value<'a>> {
        self.rest = self.rest.get(n..).ok_or_else(truncated)?;
        Ok(Value::Fixed)
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, Value<'a>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let field = self.next_field();
        if field.is_err() {
            self.rest = &[];
        }
        Some(field)
    }
}

fn truncated() -> anyhow::Error {
    anyhow!("the protobuf ends in the middle of a field")
}

fn varint(bytes: &[u8]) -> Result<(u64, usize)> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(truncated())
}

/// A length-delimited field (short payloads only), for tests that build protobufs.
#[cfg(test)]
pub(super) fn field(number: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![((number << 3) | 2) as u8, payload.len() as u8];
    out.extend_from_slice(payload);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_external_data_of_an_initializer() {
        let entry = |k: &str, v: &str| {
            field(
                13,
                &[field(1, k.as_bytes()), field(2, v.as_bytes())].concat(),
            )
        };
        let tensor = [
            vec![0x08, 3, 0x08, 4], // dims 3, 4
            vec![0x10, 1],          // float32
            field(8, b"w"),
            entry("location", "weights.data"),
            entry("offset", "64"),
            entry("length", "48"),
            vec![0x70, 1], // data_location = EXTERNAL
        ]
        .concat();
        let model = field(7, &field(5, &tensor));
        let graph = Graph::parse(&model).expect("parse");
        assert_eq!(graph.initializers.len(), 1);
        let w = &graph.initializers[0];
        assert_eq!(
            (w.name.as_str(), w.dims.as_slice(), w.data_type),
            ("w", &[3, 4][..], 1)
        );
        assert_eq!(
            w.data,
            TensorData::External {
                location: "weights.data".into(),
                offset: 64,
                length: Some(48)
            }
        );
        assert_eq!(graph.external_files(), vec!["weights.data".to_string()]);
    }

    #[test]
    fn truncated_input_is_an_error() {
        assert!(Graph::parse(&[0x3a, 10, 1]).is_err());
    }
}
