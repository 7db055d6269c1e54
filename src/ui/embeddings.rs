//! The Embeddings pane, until projections arrive: it says what the model can
//! give and what will be drawn here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Theme, pane_block};
use crate::app::state::AppState;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let block = pane_block(" Embeddings ", focused, theme);
    let text = if state.embedding_note.is_empty() {
        "This model exports no embeddings. Export `sentence_embedding` or `last_hidden_state` \
         (optimum-cli export onnx --task feature-extraction, or add the output to the graph) \
         to see the data set's embedding space here. Meanwhile, color by and select in the Data Table."
            .to_string()
    } else {
        format!(
            "Vectors: {}. A braille scatter of their PCA, UMAP or t-SNE projection, colored by {}, \
             with keyboard selection, is drawn here once projections land.",
            state.embedding_note,
            state.color_by.name()
        )
    };
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.muted())
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}
