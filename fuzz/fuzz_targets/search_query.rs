//! The Data Table's search-query parser on arbitrary text, over a small
//! data set with a label, a text feature and a numeric one.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lit_tui::app::query::Query;
use lit_tui::app::rows::Rows;
use lit_tui::data::{DataOptions, Dataset};

fn rows() -> &'static Rows {
    static ROWS: OnceLock<Rows> = OnceLock::new();
    ROWS.get_or_init(|| {
        let path = std::env::temp_dir().join(format!("lit-tui-fuzz-query-{}.tsv", std::process::id()));
        std::fs::write(
            &path,
            "text\tlabel\tgenre\tscore\na fine film\tpositive\tdrama\t3\na dull one\tnegative\tcomedy\t1.5\n",
        )
        .expect("write");
        let ds = Dataset::load(&DataOptions {
            path,
            ..Default::default()
        })
        .expect("data");
        Rows::from_dataset(&ds, &["negative".into(), "positive".into()]).expect("rows")
    })
}

fuzz_target!(|input: &[u8]| {
    if let Ok(text) = std::str::from_utf8(input) {
        let rows = rows();
        if let Ok(Some(q)) = Query::parse(text, rows) {
            for i in 0..rows.len() {
                let _ = q.matches(rows, i, &rows.lower()[i]);
            }
        }
    }
});
