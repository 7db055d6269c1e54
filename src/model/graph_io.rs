//! A graph's inputs and outputs (names, element types, shapes), read from the
//! ONNX file without ONNX Runtime. Loading checks roles, classes and input
//! types from this in milliseconds; the sessions (graph optimisation, about
//! 0.2 s) are made later, behind the first frame.
//!
//! Field numbers follow `onnx.proto`: ModelProto.graph = 7; GraphProto.input =
//! 11, output = 12, initializer = 5; ValueInfoProto.name = 1, type = 2;
//! TypeProto.tensor_type = 1; TypeProto.Tensor.elem_type = 1, shape = 2;
//! TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2;
//! TensorProto.name = 8.

use anyhow::{Result, anyhow};

use super::onnx_proto::{Fields, Value, text};

/// `TensorProto.DataType` of 32-bit integers.
pub const INT32: i32 = 6;

/// One input or output of the main graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorInfo {
    pub name: String,
    /// ONNX `TensorProto.DataType` (1 = float32, 6 = int32, 7 = int64); 0 when not a tensor.
    pub elem_type: i32,
    /// Each dimension: a fixed size, or `None` for a named or unknown one.
    pub dims: Vec<Option<i64>>,
}

impl TensorInfo {
    /// The last dimension, when the graph fixes it.
    pub fn last_dim(&self) -> Option<usize> {
        self.dims
            .last()
            .copied()
            .flatten()
            .filter(|&d| d > 0)
            .map(|d| d as usize)
    }

    /// `name float32 [batch, 2]`, for `inspect`.
    pub fn describe(&self) -> String {
        let ty = match self.elem_type {
            1 => "float32",
            6 => "int32",
            7 => "int64",
            9 => "bool",
            10 => "float16",
            11 => "float64",
            16 => "bfloat16",
            0 => "not a tensor",
            _ => "other",
        };
        let dims: Vec<String> = self
            .dims
            .iter()
            .map(|d| d.map_or_else(|| "?".into(), |d| d.to_string()))
            .collect();
        format!("{} {ty} [{}]", self.name, dims.join(", "))
    }
}

/// The main graph's inputs (initializers left out, as ONNX Runtime does) and outputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphIo {
    pub inputs: Vec<TensorInfo>,
    pub outputs: Vec<TensorInfo>,
}

impl GraphIo {
    /// Reads a serialized `ModelProto`; an error when it holds no graph.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        for field in Fields::new(bytes) {
            if let (7, Value::Bytes(graph)) = field? {
                return read_graph(graph);
            }
        }
        Err(anyhow!("it holds no ONNX graph"))
    }

    pub fn input_names(&self) -> Vec<String> {
        self.inputs.iter().map(|t| t.name.clone()).collect()
    }

    pub fn output_names(&self) -> Vec<String> {
        self.outputs.iter().map(|t| t.name.clone()).collect()
    }

    pub fn output(&self, name: &str) -> Option<&TensorInfo> {
        self.outputs.iter().find(|t| t.name == name)
    }

    pub fn input(&self, name: &str) -> Option<&TensorInfo> {
        self.inputs.iter().find(|t| t.name == name)
    }
}

fn read_graph(bytes: &[u8]) -> Result<GraphIo> {
    let (mut io, mut initializers) = (GraphIo::default(), Vec::new());
    for field in Fields::new(bytes) {
        match field? {
            (11, Value::Bytes(v)) => io.inputs.push(read_value_info(v)?),
            (12, Value::Bytes(v)) => io.outputs.push(read_value_info(v)?),
            (5, Value::Bytes(t)) => {
                for f in Fields::new(t) {
                    if let (8, Value::Bytes(name)) = f? {
                        initializers.push(text(name));
                    }
                }
            }
            _ => {}
        }
    }
    // Older exports list initializers among the inputs; they are not fed.
    io.inputs.retain(|t| !initializers.contains(&t.name));
    Ok(io)
}

fn read_value_info(bytes: &[u8]) -> Result<TensorInfo> {
    let mut info = TensorInfo {
        name: String::new(),
        elem_type: 0,
        dims: Vec::new(),
    };
    for field in Fields::new(bytes) {
        match field? {
            (1, Value::Bytes(name)) => info.name = text(name),
            (2, Value::Bytes(ty)) => {
                for f in Fields::new(ty) {
                    if let (1, Value::Bytes(tensor)) = f? {
                        read_tensor_type(tensor, &mut info)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(info)
}

fn read_tensor_type(bytes: &[u8], info: &mut TensorInfo) -> Result<()> {
    for field in Fields::new(bytes) {
        match field? {
            (1, Value::Varint(t)) => info.elem_type = t as i32,
            (2, Value::Bytes(shape)) => {
                for f in Fields::new(shape) {
                    if let (1, Value::Bytes(dim)) = f? {
                        let mut size = None;
                        for d in Fields::new(dim) {
                            if let (1, Value::Varint(v)) = d? {
                                size = Some(v as i64);
                            }
                        }
                        info.dims.push(size);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::onnx_proto::field;
    use super::*;

    fn value_info(name: &str, elem_type: u8, dims: &[Option<u8>]) -> Vec<u8> {
        let dims: Vec<u8> = dims
            .iter()
            .flat_map(|d| match d {
                Some(v) => field(1, &[0x08, *v]),
                None => field(1, &field(2, b"batch")),
            })
            .collect();
        let tensor = [vec![0x08, elem_type], field(2, &dims)].concat();
        [field(1, name.as_bytes()), field(2, &field(1, &tensor))].concat()
    }

    #[test]
    fn reads_inputs_and_outputs_without_initializers() {
        let graph = [
            field(11, &value_info("input_ids", 6, &[None, None])),
            field(11, &value_info("w", 1, &[Some(4)])),
            field(12, &value_info("logits", 1, &[None, Some(2)])),
            field(5, &field(8, b"w")),
        ]
        .concat();
        let io = GraphIo::parse(&field(7, &graph)).expect("parse");
        assert_eq!(io.input_names(), vec!["input_ids".to_string()]);
        assert_eq!(io.inputs[0].elem_type, INT32);
        assert_eq!(io.output("logits").and_then(TensorInfo::last_dim), Some(2));
        assert_eq!(io.outputs[0].describe(), "logits float32 [?, 2]");
    }

    #[test]
    fn bytes_without_a_graph_are_an_error() {
        assert!(GraphIo::parse(b"").is_err());
        assert!(GraphIo::parse(&[0x3a, 10, 1]).is_err());
    }
}
