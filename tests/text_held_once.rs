//! Issue 13: the app keeps each text once. The rows read their text from the
//! data's DataFrame column (shared, not copied); besides it there is only the
//! lowercase search index, built when a search asks for it (see
//! `tests/scale.rs` for the app's side). A feature keeps each distinct value
//! once. Heap bytes are counted by this test's own allocator: keep this file
//! to this one test, as another running beside it would be counted too.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use common::*;
use lit_tui::app::rows::Rows;
use lit_tui::data::{DataOptions, Dataset};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn rows_share_the_dataframes_text_and_keep_feature_values_once() {
    // 4,000 rows of about a kilobyte each: ten SST-2 dev sentences apiece,
    // with a categorical feature whose three values are long.
    let dev = std::fs::read_to_string(data("sst2/dev.tsv")).expect("dev");
    let sentences: Vec<&str> = dev
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let topics = ["a", "b", "c"].map(|t| t.repeat(400));
    let path = scratch("text_held_once").join("long.tsv");
    let mut file = String::from("text\tlabel\ttopic\n");
    let mut text_bytes = 0;
    for row in 0..4000 {
        let text: Vec<&str> = (0..10)
            .map(|k| sentences[(row * 10 + k) % sentences.len()])
            .collect();
        let text = format!("{} #{row}", text.join(" "));
        text_bytes += text.len();
        let label = ["negative", "positive"][row % 2];
        file += &format!("{text}\t{label}\t{}\n", topics[row % 3]);
    }
    std::fs::write(&path, file).expect("write");
    let dataset = Dataset::load(&DataOptions {
        path,
        ..Default::default()
    })
    .expect("dataset");
    let labels = vec!["negative".to_string(), "positive".to_string()];

    let before = LIVE.load(Ordering::SeqCst);
    let grown = || (LIVE.load(Ordering::SeqCst) - before) as f64 / text_bytes as f64;
    let rows = Rows::from_dataset(&dataset, &labels).expect("rows");
    // The text order built (waiting for the thread that builds it).
    assert_eq!(rows.text_rank().len(), 4000);
    // Without a search, no copy of the text at all: only numbers per row
    // (0.06× measured). A `String` per row would add 1× more, and the topic
    // kept per row 0.4×.
    let unsearched = grown();
    assert!(
        unsearched < 0.2,
        "the rows took {unsearched:.2}× the text's bytes"
    );
    // The lowercase index is one more copy of the text, built for a search.
    assert_eq!(rows.lower().len(), 4000);
    let searched = grown();
    assert!(
        searched < 1.25,
        "with the search index, the rows took {searched:.2}× the text's bytes"
    );

    // The rows' text is the DataFrame's own bytes.
    let column = dataset
        .df
        .column("text")
        .expect("text")
        .str()
        .expect("strings");
    let theirs = column.get(1234).expect("row 1234");
    assert_eq!(&rows.texts[1234], theirs);
    assert_eq!(rows.texts[1234].as_ptr(), theirs.as_ptr());
    let topic = &rows.features[0];
    assert_eq!(topic.name, "topic");
    assert_eq!(topic.values.len(), 3);
    assert_eq!(topic.text(3999), topics[3999 % 3]);
}
