//! `feira`: see `feira --help`.

fn main() -> std::process::ExitCode {
    keep_large_allocations_off_the_heap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("start the async runtime");
    match runtime.block_on(feira::cli::run()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("feira: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Password hashing (argon2id) allocates 19 MiB per hash. glibc raises its
/// mmap threshold after the first such block is freed, so later ones come from
/// the heap and stay there: idle memory grew from 26 MB to 65 MB. A fixed
/// 1 MiB threshold keeps large blocks mmapped and returned to the system.
#[allow(unsafe_code)]
fn keep_large_allocations_off_the_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
