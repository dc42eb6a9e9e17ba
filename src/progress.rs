//! A progress bar for long builds: shown only on a terminal, and only once the
//! build has taken more than a second, so short builds and piped output stay quiet.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    enabled: bool,
    shown: AtomicBool,
}

impl Progress {
    /// A bar that may appear on standard error.
    pub fn new(enabled: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} rendering [{bar:30}] {pos}/{len} pages, {elapsed}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            started: Instant::now(),
            enabled: enabled && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// A bar that never draws (tests, `check`).
    pub fn hidden() -> Self {
        Progress::new(false)
    }

    pub fn set_total(&self, total: u64) {
        self.bar.set_length(total);
    }

    pub fn inc(&self) {
        self.bar.inc(1);
        if self.enabled
            && self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Wall time of each stage, and the process's peak memory at its end, for
/// `build --timings`.
#[derive(Debug, Clone)]
pub struct Stopwatch {
    last: Instant,
    pub stages: Vec<Lap>,
}

/// One stage's time.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    /// The peak resident memory of the process so far, in bytes, where the
    /// system says (Linux): where a large build's memory goes.
    pub peak_memory: Option<u64>,
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }
}

impl Stopwatch {
    /// Records the time since the previous lap under `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push(Lap {
            stage,
            time: now - self.last,
            peak_memory: peak_memory(),
        });
        self.last = now;
    }
}

/// The peak resident set size so far (`VmHWM`), which Linux keeps for every
/// process; reading it costs one small file read per stage.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line["VmHWM:".len()..]
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
