//! Background threads (inference, reports, indexes, file loading) run at a
//! lower priority than the screen: on 2 cores a search keystroke's filter
//! otherwise shared the cores with a text sort and a report, and took twice
//! as long. They still get every core the screen leaves idle.

/// How much lower than the thread that calls it (`nice` steps).
const BACKGROUND_NICE_STEP: i32 = 10;

/// Lowers the calling thread's priority (on Linux, nice values are per
/// thread; threads it starts inherit it). Elsewhere it does nothing.
pub fn background() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain syscalls on the calling thread (who = 0); a failure
    // leaves the priority as it was, which is harmless.
    unsafe {
        *libc::__errno_location() = 0;
        let now = libc::getpriority(libc::PRIO_PROCESS, 0);
        if now == -1 && *libc::__errno_location() != 0 {
            return;
        }
        let lower = (now + BACKGROUND_NICE_STEP).min(19);
        libc::setpriority(libc::PRIO_PROCESS, 0, lower);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_background_thread_runs_lower_and_the_caller_does_not() {
        // SAFETY: reads the calling thread's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let before = nice();
        let inside = std::thread::spawn(move || {
            super::background();
            nice()
        })
        .join()
        .expect("thread");
        #[cfg(target_os = "linux")]
        assert_eq!(inside, (before + super::BACKGROUND_NICE_STEP).min(19));
        assert_eq!(nice(), before, "the calling thread keeps its priority");
    }
}
