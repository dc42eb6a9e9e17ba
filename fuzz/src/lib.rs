//! Hostile-input checks for gloss, shared by the fuzz targets in
//! `fuzz_targets/` and the property tests in `tests/hostile_props.rs`.

pub mod harness;
pub mod urls;

use std::cell::RefCell;

thread_local! {
    // One sandbox per fuzzing process: writing the fixed site once keeps each
    // run to the file under test.
    static SANDBOX: RefCell<harness::Sandbox> = RefCell::new(harness::Sandbox::new());
}

/// Runs `f` on this process's sandbox.
pub fn with_sandbox<T>(f: impl FnOnce(&mut harness::Sandbox) -> T) -> T {
    SANDBOX.with(|sandbox| f(&mut sandbox.borrow_mut()))
}
