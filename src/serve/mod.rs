//! `gloss serve`: build into memory, serve over HTTP on loopback, watch the
//! site, rebuild on change and tell open pages to reload.
//!
//! One thread owns rebuilding: it waits for debounced file events, builds,
//! swaps the served site (or, when the build fails, keeps the last good one
//! and records the errors) and sends a reload event. The HTTP side only reads.

mod http;
mod inputs;
mod listen;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::{broadcast, watch as signal};

use crate::diagnostics::Diagnostics;
use crate::pipeline::BuildOptions;
use crate::preview::{Preview, SiteFiles};
use crate::render::search::SearchJob;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    /// Also show articles dated after now (`--future`).
    pub future: bool,
}

/// What the server shows right now.
#[derive(Default)]
pub struct Served {
    /// The last good build.
    pub files: SiteFiles,
    /// The search index, built on a thread of its own (see [`spawn_indexer`]).
    pub search: SiteFiles,
    /// Errors of the latest build, shown over every page until fixed.
    pub errors: Option<Diagnostics>,
    /// Files of the addresses removed on purpose, answered with 410.
    pub gone: rustc_hash::FxHashSet<Arc<str>>,
    /// When the next embargo lifts, as of the last good build.
    pub next_embargo: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Served {
    /// The file at `key` (`articles/x/index.html`), a page or part of the index.
    pub fn get(&self, key: &str) -> Option<&Arc<[u8]>> {
        self.files.get(key).or_else(|| self.search.get(key))
    }
}

pub type SharedSite = Arc<RwLock<Served>>;

#[derive(Debug)]
pub enum ServeError {
    PortTaken(SocketAddr),
    Io(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortTaken(addr) => write!(
                f,
                "{addr} is already in use; pick another port, e.g. `gloss serve --port {}`",
                addr.port().wrapping_add(1)
            ),
            ServeError::Io(message) => write!(f, "{message}"),
        }
    }
}

/// Builds once, then serves and rebuilds until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Io(format!("cannot start the server: {e}")))?;
    runtime.block_on(run(options.clone()))
}

async fn run(options: ServeOptions) -> Result<(), ServeError> {
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(ServeError::PortTaken(addr))
        }
        Err(err) => return Err(ServeError::Io(format!("cannot listen on {addr}: {err}"))),
    };
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Io(e.to_string()))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {addr}: anyone who can reach this machine can see the preview"
        );
    }
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: None,
        base_url: Some(format!("http://{addr}")),
        drafts: options.drafts,
        future: options.future,
        progress: false,
        force: false,
    };
    let site: SharedSite = Arc::default();
    let (reload, _) = broadcast::channel::<()>(16);
    let engine = Arc::new(Mutex::new(Preview::new(&build_options)));
    let indexer = spawn_indexer(Arc::clone(&site));
    let rebuild = {
        let site = Arc::clone(&site);
        move |changed: Option<&[PathBuf]>, why: &str| {
            let mut engine = engine.lock().unwrap_or_else(|e| e.into_inner());
            rebuild(&mut engine, changed, &site, &indexer, why);
        }
    };
    rebuild(None, "start");
    spawn_embargo_timer(Arc::clone(&site), {
        let (rebuild, reload) = (rebuild.clone(), reload.clone());
        move || {
            rebuild(Some(&[]), "an embargo lifted");
            let _ = reload.send(());
        }
    });
    watch::spawn(&options.root, {
        let reload = reload.clone();
        move |paths, summary| {
            rebuild(paths.as_deref(), &summary);
            let _ = reload.send(());
        }
    })
    .map_err(|e| ServeError::Io(format!("cannot watch {}: {e}", options.root.display())))?;

    // Listen for Ctrl-C before saying the server is up, so an interrupt
    // right after that line still stops it cleanly.
    let interrupted = interrupt();
    println!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        options.root.display()
    );
    let (stop, stopped) = signal::channel(false);
    let app = http::router(http::AppState {
        site,
        reload,
        loopback: options.bind.is_loopback(),
        stopped,
    });
    listen::serve(listener, app, async move {
        interrupted.await;
        // Ends the live-reload streams, which would otherwise hold their
        // connections open past the grace period.
        let _ = stop.send(true);
    })
    .await;
    println!("\nStopped.");
    Ok(())
}

/// Starts the thread that builds the search index. Indexing a large site
/// takes longer than rebuilding a page (about 0.9 s at 10,000 articles), so
/// a save shows its pages at once and the index follows;
/// when saves come faster than it, only the newest job is built.
fn spawn_indexer(site: SharedSite) -> Sender<SearchJob> {
    let (jobs, waiting) = channel::<SearchJob>();
    std::thread::spawn(move || {
        while let Ok(mut job) = waiting.recv() {
            while let Ok(newer) = waiting.try_recv() {
                job = newer;
            }
            let started = std::time::Instant::now();
            let mut files = rustc_hash::FxHashMap::default();
            let built = job.run(&mut |name, bytes| {
                files.insert(Arc::from(name), Arc::from(bytes));
            });
            match built {
                Ok(count) => {
                    site.write().unwrap_or_else(|e| e.into_inner()).search = files;
                    println!(
                        "Search index: {count} files in {:.0} ms",
                        started.elapsed().as_secs_f64() * 1000.0
                    );
                }
                Err(err) => eprintln!("warning: the search index was not rebuilt: {err}"),
            }
        }
    });
    jobs
}

/// Starts the thread that rebuilds when the next embargo lifts, so that
/// the article appears at that moment without an edit or a restart.
fn spawn_embargo_timer(site: SharedSite, lift: impl Fn() + Send + 'static) {
    std::thread::spawn(move || loop {
        // A second's lateness is nothing next to an embargo; checking the
        // clock once a second costs nothing.
        std::thread::sleep(std::time::Duration::from_secs(1));
        let due = |site: &SharedSite| {
            let served = site.read().unwrap_or_else(|e| e.into_inner());
            served
                .next_embargo
                .filter(|until| *until <= chrono::Utc::now())
        };
        let Some(until) = due(&site) else { continue };
        lift();
        // A build time fixed by SOURCE_DATE_EPOCH never passes the
        // embargo: stop asking rather than rebuild every second.
        if due(&site) == Some(until) {
            site.write().unwrap_or_else(|e| e.into_inner()).next_embargo = None;
        }
    });
}

/// Resolves on Ctrl-C. The handler is installed when this is called, not when
/// the future is first polled. Without a handler there is no way to stop but
/// killing: the future then never resolves and the server serves on.
fn interrupt() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let handler = signal(SignalKind::interrupt()).ok();
        async move {
            match handler {
                Some(mut handler) => {
                    handler.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Rebuilds what `changed` touched and swaps the result in; a failed build
/// keeps the last good pages and records the errors for the overlay.
fn rebuild(
    engine: &mut Preview,
    changed: Option<&[PathBuf]>,
    site: &SharedSite,
    indexer: &Sender<SearchJob>,
    why: &str,
) {
    let result = engine.rebuild(changed);
    match result {
        Ok(report) => {
            if let Some(job) = engine.take_search_job() {
                let _ = indexer.send(job);
            }
            for diagnostic in report.warnings.iter() {
                eprint!("{}", diagnostic.render(false));
            }
            // A save changes a few files of tens of thousands: the served
            // copy, the same as the engine's after every good rebuild
            // (both start empty), takes just those.
            let changes = &report.changes;
            let mut served = site.write().unwrap_or_else(|e| e.into_inner());
            for name in &changes.removed {
                served.files.remove(name);
            }
            for name in &changes.written {
                if let Some(bytes) = engine.files().get(name) {
                    served.files.insert(Arc::clone(name), Arc::clone(bytes));
                }
            }
            served.gone = engine.gone().clone();
            served.next_embargo = report.next_embargo.as_ref().map(|e| e.until);
            served.errors = None;
            drop(served);
            let stages: Vec<String> = report
                .timings
                .stages
                .iter()
                .map(|lap| format!("{} {:.0}", lap.stage, lap.time.as_secs_f64() * 1000.0))
                .collect();
            println!(
                "Rendered {} of {} files in {:.0} ms ({why}) [ms: {}]",
                report.rendered,
                report.pages.total(),
                report.elapsed.as_secs_f64() * 1000.0,
                stages.join(", ")
            );
            if let Some(embargo) = &report.next_embargo {
                println!("{embargo}");
            }
        }
        Err(diags) => {
            for diagnostic in diags.iter() {
                eprint!("{}", diagnostic.render(false));
            }
            eprintln!(
                "Build failed with {} error(s) ({why}); still serving the last good pages",
                diags.error_count()
            );
            let mut served = site.write().unwrap_or_else(|e| e.into_inner());
            served.errors = Some(diags);
            // The next change rebuilds; the timer must not retry each second.
            served.next_embargo = None;
        }
    }
}
