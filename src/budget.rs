//! The budget of one page's render: how long its template may run, how much
//! it may write, and how much memory it may hold (`render_limits` in
//! site.yaml).
//!
//! A theme's mistake must end in an error, not in a build that runs for
//! hours or a process the system kills for want of memory. Tera 2 has no
//! way to stop a render from outside (no fuel, no callback between
//! instructions), so the budget is checked where a render reaches gloss's
//! code: [`Page`], the writer every page renders into, checks it on every
//! write, and gloss's own template functions and filters (`range` among
//! them, `theme/filters.rs`) call [`check`]. A loop that writes, a `range`
//! inside a loop and a value that grows between two writes are stopped
//! there, with an error for the page. What touches none of these is stopped
//! the only way left, by ending the run ([`stop`]): a loop that writes
//! nothing over a list it already has, by a watchdog thread at twice the
//! time limit; a value doubled again and again with nothing written in
//! between, by the allocator (below).
//!
//! Memory is what the render's thread holds beyond what it held at the
//! start, counted by [`Counting`], the allocator the `gloss` binary
//! installs: a global allocator cannot refuse memory without aborting, so
//! it counts and the checks stop the render. A render that holds four times its
//! limit has reached none of them (a value doubled with nothing written in
//! between, which would grow until the system aborts the process): the
//! allocator then stops it the only way left, with the error printed, the
//! staging folder removed and status 1 ([`runaway`]). Without the
//! allocator (a program that uses gloss as a library) memory is not
//! limited.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Write;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

const MIB: u64 = 1024 * 1024;

/// How often, in checks, the clock is read: a loop that writes makes
/// millions of writes a second, so it still stops within a millisecond of
/// its limit, and the clock's cost (tens of nanoseconds) vanishes.
const CLOCK_EVERY: u32 = 16;

/// The limits of one page's render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub time: Duration,
    /// Bytes of the page.
    pub output: u64,
    /// Bytes the render may hold at once.
    pub memory: u64,
}

impl Default for Limits {
    /// Far above what any page of a real site needs (the largest page of a
    /// 10,000-article site renders in milliseconds, in a few MiB), far
    /// below what hurts the machine.
    fn default() -> Self {
        Limits {
            time: Duration::from_secs(10),
            output: 64 * MIB,
            memory: 256 * MIB,
        }
    }
}

/// The limit a render went over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Exceeded {
    Time(Duration),
    Output(u64),
    Memory(u64),
}

impl Exceeded {
    /// The key of `render_limits` in site.yaml that sets this limit.
    pub fn key(self) -> &'static str {
        match self {
            Exceeded::Time(_) => "seconds",
            Exceeded::Output(_) => "output_mib",
            Exceeded::Memory(_) => "memory_mib",
        }
    }
}

/// "took longer than 10 s", "wrote more than 64 MiB", ...
impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exceeded::Time(limit) => write!(f, "took longer than {} s", limit.as_secs_f64()),
            Exceeded::Output(limit) => write!(f, "wrote more than {} MiB", limit / MIB),
            Exceeded::Memory(limit) => {
                write!(f, "held more than {} MiB of memory", limit / MIB)
            }
        }
    }
}

thread_local! {
    /// Bytes this thread has allocated and not freed (frees of memory
    /// other threads allocated make it drift, which is why a render
    /// compares it with its value at the start).
    static HELD: Cell<isize> = const { Cell::new(0) };
    /// The render this thread is doing, if any.
    static METER: RefCell<Option<Meter>> = const { RefCell::new(None) };
    /// Bytes held past which the render on this thread is stopped at once.
    static HARD_CAP: Cell<isize> = const { Cell::new(isize::MAX) };
    /// The page and template of the render on this thread, for [`runaway`].
    static RENDERING: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    /// Set once [`runaway`] runs, so that what it allocates is not counted.
    static STOPPING: Cell<bool> = const { Cell::new(false) };
}

struct Meter {
    limits: Limits,
    started: Instant,
    held_at_start: isize,
    ticks: u32,
    exceeded: Option<Exceeded>,
}

impl Meter {
    fn check(&mut self) -> Result<(), Exceeded> {
        if let Some(exceeded) = self.exceeded {
            return Err(exceeded);
        }
        let held = held() - self.held_at_start;
        if held > isize::try_from(self.limits.memory).unwrap_or(isize::MAX) {
            return Err(*self.exceeded.insert(Exceeded::Memory(self.limits.memory)));
        }
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(CLOCK_EVERY) && self.started.elapsed() > self.limits.time {
            return Err(*self.exceeded.insert(Exceeded::Time(self.limits.time)));
        }
        Ok(())
    }
}

fn held() -> isize {
    HELD.try_with(Cell::get).unwrap_or(0)
}

/// The render of one page on this thread, measured until it is dropped.
pub struct Render {
    /// Its entry among the [`RUNNING`] renders.
    id: u64,
    /// The meter is the thread's: a render must end on the thread it began.
    _thread: PhantomData<*const ()>,
}

/// A render in progress, as the watchdog sees it.
struct Running {
    id: u64,
    /// Twice the time limit from its start: a render still running then
    /// has reached no check since the limit passed.
    deadline: Instant,
    limit: Duration,
    page: String,
    template: String,
}

static RUNNING: Mutex<Vec<Running>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
static WATCHDOG: Once = Once::new();

/// Every fifth of a second, looks for a render past twice its time limit: a
/// loop that writes nothing and calls nothing of gloss's reaches no check,
/// and would run for hours. It is stopped the only way left ([`stop`]).
fn watchdog() {
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = Instant::now();
        let running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        let Some(late) = running.iter().find(|r| now > r.deadline) else {
            continue;
        };
        let message = format!(
            "rendering {} with `{}` ran for twice its time limit of {} s without reaching a point where gloss could stop it; gloss ended the run and wrote nothing",
            late.page,
            late.template,
            late.limit.as_secs_f64()
        );
        let help = "look for a loop inside a loop over a long list that writes nothing; raise `render_limits.seconds` in site.yaml if the page really needs longer";
        stop(&late.template, message, help);
    }
}

impl Render {
    /// Starts measuring the render of `page` (a file of the output) with
    /// `template` on this thread.
    pub fn start(limits: Limits, page: &str, template: &str) -> Render {
        let hard = isize::try_from(limits.memory.saturating_mul(4)).unwrap_or(isize::MAX);
        HARD_CAP.with(|cap| cap.set(held().saturating_add(hard)));
        RENDERING.with(|r| *r.borrow_mut() = Some((page.to_string(), template.to_string())));
        let started = Instant::now();
        let meter = Meter {
            limits,
            started,
            held_at_start: held(),
            ticks: 0,
            exceeded: None,
        };
        METER.with(|m| *m.borrow_mut() = Some(meter));
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let running = Running {
            id,
            deadline: started + limits.time.saturating_mul(2),
            limit: limits.time,
            page: page.to_string(),
            template: template.to_string(),
        };
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(running);
        WATCHDOG.call_once(|| {
            let _ = std::thread::Builder::new()
                .name("render watchdog".into())
                .spawn(watchdog);
        });
        Render {
            id,
            _thread: PhantomData,
        }
    }

    /// The limit the render went over, if it did.
    pub fn exceeded(&self) -> Option<Exceeded> {
        METER.with(|m| m.borrow().as_ref().and_then(|m| m.exceeded))
    }
}

impl Drop for Render {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|r| r.id != self.id);
        drop(running);
        let _ = HARD_CAP.try_with(|cap| cap.set(isize::MAX));
        let _ = RENDERING.try_with(|r| r.borrow_mut().take());
        let _ = METER.try_with(|m| m.borrow_mut().take());
    }
}

/// Stops a render that holds four times its memory limit, before the
/// system would abort the process for want of memory.
fn runaway() -> ! {
    STOPPING.with(|stopping| stopping.set(true));
    let (page, template) = RENDERING.with(|r| r.borrow().clone()).unwrap_or_default();
    let limit = METER
        .with(|m| m.borrow().as_ref().map(|m| m.limits.memory))
        .unwrap_or(0);
    let message = format!(
        "rendering {page} with `{template}` held more than four times its memory limit of {} MiB with nothing written in between; gloss stopped before the machine ran out of memory, and wrote nothing",
        limit / MIB
    );
    let help = "look for a value that grows without end, such as `{% set s = s ~ s %}` repeated; raise `render_limits.memory_mib` in site.yaml if the page really needs it";
    stop(&template, message, help)
}

/// Stops a render that no check reached, the only way left: prints error
/// G0404, removes the staging folder and ends the process with status 1.
/// A render cannot be stopped from outside its thread, and left alone it
/// would run for hours or take the machine's memory.
fn stop(template: &str, message: String, help: &str) -> ! {
    let error = crate::diagnostics::Diagnostic::error(
        crate::diagnostics::Code::RenderBudget,
        format!("templates/{template}"),
        message,
    )
    .with_help(help);
    eprint!("{}", error.render(false));
    crate::interrupt::remove_and_exit(1)
}

/// Fails once the render on this thread is over a limit, saying which;
/// outside a render it always passes. Every write and every call of one of
/// gloss's template functions and filters runs it.
pub fn check() -> Result<(), Exceeded> {
    METER.with(|m| match m.borrow_mut().as_mut() {
        Some(meter) => meter.check(),
        None => Ok(()),
    })
}

/// Marks the render on this thread as over `limit`.
fn exceed(limit: Exceeded) -> Exceeded {
    METER.with(|m| {
        if let Some(meter) = m.borrow_mut().as_mut() {
            meter.exceeded.get_or_insert(limit);
        }
    });
    limit
}

/// The bytes of a page as it renders. A write fails once the page would
/// pass the output limit, or the render is over another limit, which stops
/// the render (Tera reports the failed write without a place, so the render
/// itself, [`Render::exceeded`], says which limit it was).
pub struct Page {
    pub bytes: Vec<u8>,
    limit: u64,
}

impl Page {
    pub fn new(limits: &Limits) -> Page {
        Page {
            bytes: Vec::new(),
            limit: limits.output,
        }
    }
}

impl Write for Page {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let over = if (self.bytes.len() + buf.len()) as u64 > self.limit {
            Err(exceed(Exceeded::Output(self.limit)))
        } else {
            check()
        };
        if let Err(exceeded) = over {
            return Err(std::io::Error::other(format!("the page {exceeded}")));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A global allocator that counts, per thread, the bytes allocated and not
/// yet freed, for [`check`]'s memory limit; `A` does the allocating.
pub struct Counting<A>(pub A);

fn count(delta: isize) {
    // `try_with`: a thread being torn down still frees memory.
    let Ok(now) = HELD.try_with(|held| {
        let now = held.get().wrapping_add(delta);
        held.set(now);
        now
    }) else {
        return;
    };
    let over = delta > 0 && HARD_CAP.try_with(|cap| now > cap.get()).unwrap_or(false);
    if over && !STOPPING.try_with(Cell::get).unwrap_or(true) {
        runaway();
    }
}

// SAFETY: every call is passed to `A` unchanged; counting touches only a
// thread-local integer, which neither allocates nor unwinds.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { self.0.alloc(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { self.0.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { self.0.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(time_ms: u64, output: u64, memory: u64) -> Limits {
        Limits {
            time: Duration::from_millis(time_ms),
            output,
            memory,
        }
    }

    #[test]
    fn outside_a_render_the_check_passes() {
        assert_eq!(check(), Ok(()));
    }

    #[test]
    fn a_render_past_its_time_fails_the_check() {
        let render = Render::start(limits(1, MIB, u64::MAX), "/", "t.html");
        std::thread::sleep(Duration::from_millis(5));
        let failed = (0..CLOCK_EVERY).map(|_| check()).find_map(Result::err);
        assert_eq!(failed, Some(Exceeded::Time(Duration::from_millis(1))));
        assert_eq!(render.exceeded(), failed);
        assert_eq!(failed.unwrap().to_string(), "took longer than 0.001 s");
        drop(render);
        assert_eq!(check(), Ok(()), "the next render starts afresh");
    }

    #[test]
    fn a_write_past_the_output_limit_fails_and_keeps_the_page_short() {
        let limits = limits(10_000, 4, u64::MAX);
        let render = Render::start(limits, "/", "t.html");
        let mut page = Page::new(&limits);
        page.write_all(b"abc").unwrap();
        assert!(page.write_all(b"de").is_err());
        assert_eq!(page.bytes, b"abc");
        assert_eq!(render.exceeded(), Some(Exceeded::Output(4)));
        assert!(check().is_err());
    }

    #[test]
    fn memory_held_past_the_limit_fails_the_next_write() {
        let limits = limits(10_000, MIB, 1000);
        let render = Render::start(limits, "/", "t.html");
        let mut page = Page::new(&limits);
        count(1001);
        assert!(page.write_all(b"x").is_err());
        assert_eq!(render.exceeded(), Some(Exceeded::Memory(1000)));
        count(-1001);
    }
}
