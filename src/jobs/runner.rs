//! One runner for every background job of the app: bulk inference, row and
//! draft predictions, the Performance report, projections, and whatever a
//! module starts. Jobs run on their own threads and talk in events (progress,
//! partial results, the end). In a `Latest` lane the newest job wins: a new
//! one cancels the one before and the old one's events are dropped. Every job
//! ends with `Done(Ok)` or `Done(Err)`, a panic included, so nothing waits
//! forever.

use std::any::Any;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A job's result, downcast by whoever started it.
pub type Payload = Arc<dyn Any + Send + Sync>;

type Work = Box<dyn FnOnce(&JobCtx) -> Result<Payload, String> + Send>;
type Sink = Arc<dyn Fn(JobEvent) + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// A new job cancels the lane's running one; only the newest reports.
    Latest,
    /// Every job runs and reports (row predictions).
    Every,
}

pub struct Job {
    /// The module (or `"app"`) that gets the events.
    pub owner: &'static str,
    pub lane: &'static str,
    pub policy: Policy,
    work: Work,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({}/{}, {:?})", self.owner, self.lane, self.policy)
    }
}

impl Job {
    pub fn latest(
        owner: &'static str,
        lane: &'static str,
        work: impl FnOnce(&JobCtx) -> Result<Payload, String> + Send + 'static,
    ) -> Self {
        Self {
            owner,
            lane,
            policy: Policy::Latest,
            work: Box::new(work),
        }
    }

    pub fn every(
        owner: &'static str,
        lane: &'static str,
        work: impl FnOnce(&JobCtx) -> Result<Payload, String> + Send + 'static,
    ) -> Self {
        Self {
            policy: Policy::Every,
            ..Self::latest(owner, lane, work)
        }
    }
}

#[derive(Clone)]
pub enum JobEventKind {
    /// A stage and the share done, 0 to 1 (sent when the percent changes).
    Progress {
        stage: String,
        done: f32,
    },
    Partial(Payload),
    Done(Result<Payload, String>),
}

#[derive(Clone)]
pub struct JobEvent {
    pub owner: &'static str,
    pub lane: &'static str,
    pub id: u64,
    pub kind: JobEventKind,
}

impl std::fmt::Debug for JobEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.kind {
            JobEventKind::Progress { stage, done } => format!("progress {stage} {done:.2}"),
            JobEventKind::Partial(_) => "partial".into(),
            JobEventKind::Done(Ok(_)) => "done".into(),
            JobEventKind::Done(Err(e)) => format!("failed: {e}"),
        };
        write!(
            f,
            "JobEvent({}/{} #{}: {kind})",
            self.owner, self.lane, self.id
        )
    }
}

impl PartialEq for JobEvent {
    fn eq(&self, other: &Self) -> bool {
        (self.owner, self.lane, self.id) == (other.owner, other.lane, other.id)
    }
}

impl JobEvent {
    /// The payload of a partial result or a success, as `T`.
    pub fn payload<T: 'static>(&self) -> Option<&T> {
        match &self.kind {
            JobEventKind::Partial(p) | JobEventKind::Done(Ok(p)) => p.downcast_ref(),
            _ => None,
        }
    }

    /// The payload as a shared `T`, without copying it.
    pub fn payload_arc<T: Send + Sync + 'static>(&self) -> Option<Arc<T>> {
        match &self.kind {
            JobEventKind::Partial(p) | JobEventKind::Done(Ok(p)) => p.clone().downcast().ok(),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&str> {
        match &self.kind {
            JobEventKind::Done(Err(e)) => Some(e),
            _ => None,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self.kind, JobEventKind::Done(_))
    }
}

/// What a running job can do: report, stream results, notice cancellation.
pub struct JobCtx {
    owner: &'static str,
    lane: &'static str,
    id: u64,
    cancel: Arc<AtomicBool>,
    sink: Sink,
    last_percent: AtomicU64,
}

impl JobCtx {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The flag, for code that polls it itself.
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Reports a stage and the share done; one event per percent at most.
    pub fn progress(&self, stage: &str, done: f32) {
        let percent = (done.clamp(0.0, 1.0) * 100.0) as u64;
        if self.last_percent.swap(percent, Ordering::Relaxed) != percent {
            self.send(JobEventKind::Progress {
                stage: stage.to_string(),
                done,
            });
        }
    }

    pub fn partial(&self, payload: Payload) {
        self.send(JobEventKind::Partial(payload));
    }

    fn send(&self, kind: JobEventKind) {
        if !self.cancelled() {
            (self.sink)(JobEvent {
                owner: self.owner,
                lane: self.lane,
                id: self.id,
                kind,
            });
        }
    }
}

type LaneKey = (&'static str, &'static str);

#[derive(Default)]
struct Lanes {
    /// The newest job of each lane and its cancel flag.
    latest: HashMap<LaneKey, (u64, Arc<AtomicBool>)>,
    /// `Latest` lanes with a job running.
    busy: std::collections::HashSet<LaneKey>,
    /// The job waiting for its lane's running one to end.
    pending: HashMap<LaneKey, (Work, JobCtx)>,
}

pub struct Runner {
    sink: Sink,
    lanes: Arc<Mutex<Lanes>>,
    next_id: AtomicU64,
    running: Arc<AtomicUsize>,
}

impl Runner {
    /// `sink` receives every event, on the job's thread.
    pub fn new(sink: impl Fn(JobEvent) + Send + Sync + 'static) -> Self {
        Self {
            sink: Arc::new(sink),
            lanes: Arc::default(),
            next_id: AtomicU64::new(1),
            running: Arc::default(),
        }
    }

    /// Starts a job on its own thread; returns its id.
    pub fn submit(&self, job: Job) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let cancel = Arc::new(AtomicBool::new(false));
        let key = (job.owner, job.lane);
        let ctx = JobCtx {
            owner: job.owner,
            lane: job.lane,
            id,
            cancel: cancel.clone(),
            sink: self.sink.clone(),
            last_percent: AtomicU64::new(u64::MAX),
        };
        self.running.fetch_add(1, Ordering::SeqCst);
        let latest = job.policy == Policy::Latest;
        if latest && let Ok(mut lanes) = self.lanes.lock() {
            if let Some((_, old)) = lanes.latest.insert(key, (id, cancel)) {
                old.store(true, Ordering::Relaxed);
            }
            // One job at a time per lane: the newest waits for the running one
            // (told to stop), and replaces whatever was waiting before it.
            if lanes.busy.contains(&key) {
                if lanes.pending.insert(key, (job.work, ctx)).is_some() {
                    self.running.fetch_sub(1, Ordering::SeqCst);
                }
                return id;
            }
            lanes.busy.insert(key);
        }
        self.spawn(key, latest, job.work, ctx);
        id
    }

    /// Runs `work` on its own thread, then whatever job of the lane waited.
    fn spawn(&self, key: LaneKey, latest: bool, work: Work, ctx: JobCtx) {
        let (running, lanes, sink) = (self.running.clone(), self.lanes.clone(), self.sink.clone());
        let (owner, lane, id) = (ctx.owner, ctx.lane, ctx.id);
        let spawned = std::thread::Builder::new()
            .name(format!("job-{owner}-{lane}"))
            .spawn(move || {
                crate::priority::background();
                let (mut work, mut ctx) = (work, ctx);
                loop {
                    let result = catch_unwind(AssertUnwindSafe(|| work(&ctx)))
                        .unwrap_or_else(|panic| Err(panic_message(&*panic)));
                    ctx.send(JobEventKind::Done(result));
                    // Counted down after the event is queued, so nothing settles early.
                    running.fetch_sub(1, Ordering::SeqCst);
                    let next = match lanes.lock() {
                        Ok(mut l) if latest => {
                            let next = l.pending.remove(&key);
                            if next.is_none() {
                                l.busy.remove(&key);
                            }
                            next
                        }
                        _ => None,
                    };
                    match next {
                        Some((w, c)) => (work, ctx) = (w, c),
                        None => return,
                    }
                }
            });
        if let Err(e) = spawned {
            self.running.fetch_sub(1, Ordering::SeqCst);
            if let Ok(mut l) = self.lanes.lock() {
                l.busy.remove(&key);
            }
            sink(JobEvent {
                owner,
                lane,
                id,
                kind: JobEventKind::Done(Err(format!("could not start a thread: {e}"))),
            });
        }
    }

    /// Whether an event comes from its lane's newest job (always, for `Every` lanes).
    pub fn is_current(&self, event: &JobEvent) -> bool {
        self.lanes.lock().map_or(true, |lanes| {
            lanes
                .latest
                .get(&(event.owner, event.lane))
                .is_none_or(|(id, _)| *id <= event.id)
        })
    }

    /// Jobs still running.
    pub fn running(&self) -> usize {
        self.running.load(Ordering::SeqCst)
    }

    /// Asks every `Latest` job to stop (on quit).
    pub fn cancel_all(&self) {
        if let Ok(lanes) = self.lanes.lock() {
            for (_, flag) in lanes.latest.values() {
                flag.store(true, Ordering::Relaxed);
            }
        }
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("the background job failed: {what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn runner() -> (Runner, mpsc::Receiver<JobEvent>) {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let runner = Runner::new(move |e| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(e);
            }
        });
        (runner, rx)
    }

    fn done(rx: &mpsc::Receiver<JobEvent>) -> JobEvent {
        loop {
            let e = rx.recv_timeout(Duration::from_secs(10)).expect("an event");
            if e.is_done() {
                return e;
            }
        }
    }

    #[test]
    fn a_panicking_job_ends_with_an_error() {
        let (runner, rx) = runner();
        runner.submit(Job::latest("m", "x", |_| panic!("boom")));
        let e = done(&rx);
        assert_eq!(e.error(), Some("the background job failed: boom"));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while runner.running() > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(runner.running(), 0);
    }

    #[test]
    fn the_newest_job_of_a_lane_wins() {
        let (runner, rx) = runner();
        let (gate_tx, gate_rx) = mpsc::channel::<()>();
        let first = runner.submit(Job::latest("m", "x", move |ctx| {
            let _ = gate_rx.recv();
            Ok(Arc::new(ctx.cancelled()) as Payload)
        }));
        let second = runner.submit(Job::latest("m", "x", |_| Ok(Arc::new(7u32) as Payload)));
        // The second waits for the first, which is told to stop.
        let _ = gate_tx.send(());
        let e = done(&rx);
        assert_eq!(e.id, second);
        assert_eq!(e.payload::<u32>(), Some(&7));
        // The first job was cancelled: its end is not reported.
        assert!(rx.recv_timeout(Duration::from_millis(300)).is_err());
        assert!(first < second);
        assert_eq!(runner.running(), 0);
    }
}
