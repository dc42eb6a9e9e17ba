//! A panic is a bug in gloss, but one page's bug should not take the whole
//! run down with an unexplained abort: it is caught where the page (or file)
//! is worked on and becomes an error that names it, so `build` exits 1 with
//! the previous output untouched and `serve` keeps serving.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

/// Runs `work` for `what` (a page or file path); a panic becomes error G0504.
pub fn isolate<T>(what: impl AsRef<Path>, work: impl FnOnce() -> T) -> Result<T, Box<Diagnostic>> {
    let what = what.as_ref();
    catch_unwind(AssertUnwindSafe(|| {
        inject(what);
        work()
    }))
    .map_err(|payload| Box::new(internal_error(what, payload.as_ref())))
}

/// The error for a caught panic.
pub fn internal_error(what: &Path, payload: &(dyn Any + Send)) -> Diagnostic {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    Diagnostic::error(
        Code::Internal,
        what.to_path_buf(),
        format!("internal error while working on this: {message}"),
    )
    .with_help("this is a bug in gloss: please report it with the file; the rest of the site was checked and nothing was written")
}

/// Debug builds only: panics when the environment variable `GLOSS_FAULT`
/// names `what`, so tests can prove that a panic is isolated.
fn inject(what: &Path) {
    #[cfg(debug_assertions)]
    if std::env::var_os("GLOSS_FAULT").is_some_and(|v| Path::new(&v) == what) {
        panic!("fault injected for a test");
    }
    #[cfg(not(debug_assertions))]
    let _ = what;
}
