//! Settings for glibc's malloc, which lit-tui uses. Elsewhere these do nothing.

/// glibc gives each thread that allocates its own arena (up to 8 per core),
/// and one ONNX Runtime session per thread then kept a few megabytes of free
/// memory each: `--threads 8` peaked 14% higher than with 4 arenas, at the
/// same speed. `MALLOC_ARENA_MAX` still wins when set. Call before any thread.
pub fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: a plain setting, made before any other thread exists.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 4) };
    }
}

/// Hands free memory back to the system after a burst (the bulk predictions
/// applied): with few arenas, freed chunks between live ones otherwise stay
/// in the process (SST-2 train with `sst2-minilm-full` settled at 570 MB
/// instead of 340 MB). On a thread of its own: it walks the whole heap.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    let _ = std::thread::Builder::new()
        .name("malloc-trim".into())
        // SAFETY: malloc_trim only returns free pages; it is thread-safe.
        .spawn(|| unsafe { libc::malloc_trim(0) });
}

/// As `release_free_memory`, on this thread, now (for tests and benches
/// that read the resident memory next).
pub fn release_free_memory_now() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}
