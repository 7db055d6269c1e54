//! Where the worker's events go, with backpressure on rows. Rows from the
//! cache or a predictions file come far faster than the app applies them, and
//! every queued message held its copy of the vectors next to the app's own:
//! on SST-2 train with `sst2-minilm-full`, 113 MB of queued rows at the peak.
//! So a row counts as in flight until its event is dropped (applied), and the
//! worker waits while too many are.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;

use super::InferenceEvent;

/// Rows sent and not yet applied, past which the worker waits.
const ROWS_IN_FLIGHT: usize = 8192;

pub(super) struct Outbox {
    tx: mpsc::UnboundedSender<InferenceEvent>,
    in_flight: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
}

impl Outbox {
    pub(super) fn new(tx: mpsc::UnboundedSender<InferenceEvent>, cancel: Arc<AtomicBool>) -> Self {
        Self {
            tx,
            in_flight: Arc::default(),
            cancel,
        }
    }

    pub(super) fn send(&self, event: InferenceEvent) {
        let _ = self.tx.send(event);
    }

    /// Sends finished rows once the reader has caught up (or is gone, or the
    /// job is cancelled: nothing then waits for an app that stopped reading).
    pub(super) fn send_rows(
        &self,
        indices: Vec<usize>,
        probs: Vec<f32>,
        embeddings: Option<Vec<f32>>,
        embedding_dim: usize,
    ) {
        while self.in_flight.load(Ordering::Acquire) >= ROWS_IN_FLIGHT
            && !self.cancel.load(Ordering::Relaxed)
            && !self.tx.is_closed()
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        let rows = indices.len();
        self.in_flight.fetch_add(rows, Ordering::AcqRel);
        self.send(InferenceEvent::Rows {
            indices,
            probs,
            embeddings,
            embedding_dim,
            ticket: RowsTicket {
                in_flight: Arc::clone(&self.in_flight),
                rows,
            },
        });
    }
}

/// Held by a `Rows` event (and whatever the reader turns it into) until the
/// rows are applied; dropping it lets the worker send more.
pub struct RowsTicket {
    in_flight: Arc<AtomicUsize>,
    rows: usize,
}

impl Drop for RowsTicket {
    fn drop(&mut self) {
        self.in_flight.fetch_sub(self.rows, Ordering::AcqRel);
    }
}

/// Bookkeeping, not content: events that carry the same rows are equal.
impl PartialEq for RowsTicket {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for RowsTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RowsTicket({} rows)", self.rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_waits_until_rows_are_applied() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let outbox = Outbox::new(tx, Arc::default());
        let sender = std::thread::spawn(move || {
            for chunk in 0..3 {
                outbox.send_rows(vec![chunk; ROWS_IN_FLIGHT], Vec::new(), None, 0);
            }
        });
        std::thread::sleep(Duration::from_millis(50));
        // One chunk fills the flow: the second waits for it.
        let first = rx.try_recv().expect("the first chunk is sent at once");
        assert!(
            rx.try_recv().is_err(),
            "the second waits for the first to be applied"
        );
        drop(first);
        for _ in 0..2 {
            drop(
                rx.blocking_recv()
                    .expect("sent once the one before is applied"),
            );
        }
        sender.join().expect("the sender ends");
    }

    #[test]
    fn a_reader_that_is_gone_never_blocks_the_worker() {
        let (tx, rx) = mpsc::unbounded_channel();
        let outbox = Outbox::new(tx, Arc::default());
        outbox.send_rows(vec![0; ROWS_IN_FLIGHT], Vec::new(), None, 0);
        drop(rx);
        outbox.send_rows(vec![0; ROWS_IN_FLIGHT], Vec::new(), None, 0);
    }
}
