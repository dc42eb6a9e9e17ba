//! `gloss serve`: build into the preview's own folder, serve over HTTP on
//! loopback, watch the site, rebuild on change and tell open pages to reload.
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
use crate::preview::{Preview, PreviewFolder, SiteIndex};
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

/// What the server shows right now: the names of the files, whose bytes
/// are read from the preview's folder when asked for.
#[derive(Default)]
pub struct Served {
    /// Where the files are, once the first build has made the folder.
    pub folder: Option<Arc<PreviewFolder>>,
    /// The last good build.
    pub files: SiteIndex,
    /// The search index, built on a thread of its own (see [`spawn_indexer`]).
    pub search: SiteIndex,
    /// Errors of the latest build, shown over every page until fixed.
    pub errors: Option<Diagnostics>,
    /// Files of the addresses removed on purpose, answered with 410.
    pub gone: rustc_hash::FxHashSet<Arc<str>>,
    /// When the next embargo lifts, as of the last good build.
    pub next_embargo: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl Served {
    /// Whether the site has the file `key` (`articles/x/index.html`), a
    /// page or part of the index.
    pub fn has(&self, key: &str) -> bool {
        self.files.contains(key) || self.search.contains(key)
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
        let (site, engine) = (Arc::clone(&site), Arc::clone(&engine));
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
    // The rebuild under way, if any, ends first; later ones fail, so
    // nothing makes the folder again.
    let engine = engine.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(err) = engine.close() {
        eprintln!("warning: could not remove the preview's folder: {err}");
    }
    println!("\nStopped.");
    Ok(())
}

/// Starts the thread that builds the search index. Indexing a large site
/// takes longer than rebuilding a page (about 0.9 s at 10,000 articles), so
/// a save shows its pages at once and the index follows;
/// when saves come faster than it, only the newest job is built.
fn spawn_indexer(site: SharedSite) -> Sender<(SearchJob, Arc<PreviewFolder>)> {
    let (jobs, waiting) = channel::<(SearchJob, Arc<PreviewFolder>)>();
    std::thread::spawn(move || {
        let mut on_disk = OnDisk::default();
        while let Ok(mut job) = waiting.recv() {
            while let Ok(newer) = waiting.try_recv() {
                job = newer;
            }
            let started = std::time::Instant::now();
            match index(job, &site, &mut on_disk) {
                Ok((count, written)) => println!(
                    "Search index: {count} files ({written} changed) in {:.0} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                ),
                Err(err) => {
                    on_disk = OnDisk::default();
                    eprintln!("warning: the search index was not rebuilt: {err}");
                }
            }
        }
    });
    jobs
}

/// What each file of the served search index holds, as a hash of its
/// bytes, in the folder it is in: a save changes a few of the index's
/// files, and only those are written again.
#[derive(Default)]
struct OnDisk {
    folder: Option<Arc<PreviewFolder>>,
    hashes: rustc_hash::FxHashMap<String, (usize, u64)>,
}

/// Builds the search index into the preview's folder, and swaps it for the
/// served one once every file is in place; the files of the old index that
/// the new one has not go. Returns how many files the index has and how
/// many were written.
fn index(
    (job, folder): (SearchJob, Arc<PreviewFolder>),
    site: &SharedSite,
    on_disk: &mut OnDisk,
) -> Result<(usize, usize), String> {
    use crate::write::Output;
    if !on_disk
        .folder
        .as_ref()
        .is_some_and(|f| Arc::ptr_eq(f, &folder))
    {
        *on_disk = OnDisk {
            folder: Some(Arc::clone(&folder)),
            ..OnDisk::default()
        };
    }
    // A save indexes again only the editions whose text changed: the
    // other editions' files stay as they are.
    let folders = job.folders();
    let indexed = |name: &str| {
        (folders.iter()).any(|f| {
            (name.strip_prefix(f.as_str()))
                .is_some_and(|rest| rest.starts_with(crate::urls::SEARCH_FOLDER))
        })
    };
    let staged = folder.stage(false);
    let mut failed = None;
    let mut hashes = rustc_hash::FxHashMap::default();
    let count = job.run(&mut |name, bytes| {
        let hash = (bytes.len(), crate::text::hash_of(&bytes));
        if on_disk.hashes.get(&name) != Some(&hash) {
            if let Err(err) = staged.write(&name, &bytes) {
                failed.get_or_insert(format!("cannot write {name}: {err}"));
            }
        }
        hashes.insert(name, hash);
    })?;
    if let Some(err) = failed {
        return Err(err);
    }
    let written = staged.commit().map_err(|e| e.to_string())?.len();
    let stale: Vec<Arc<str>> = {
        let mut served = site.write().unwrap_or_else(|e| e.into_inner());
        let stale = (served.search.iter())
            .filter(|f| indexed(f) && !hashes.contains_key(&***f))
            .cloned()
            .collect();
        served.search.retain(|f| !indexed(f));
        (served.search).extend(hashes.keys().map(|name| Arc::from(name.as_str())));
        stale
    };
    on_disk.hashes.retain(|name, _| !indexed(name));
    on_disk.hashes.extend(hashes);
    folder.remove(&stale);
    Ok((count, written))
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

/// Resolves on Ctrl-C, or on SIGTERM (`kill`, a process manager): either
/// way the server stops the same, and removes its folder. The handlers are
/// installed when this is called, not when the future is first polled.
/// Without them there is no way to stop but killing: the future then never
/// resolves and the server serves on.
fn interrupt() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            let received = |handler: Option<tokio::signal::unix::Signal>| async move {
                match handler {
                    Some(mut handler) => {
                        handler.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
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
    indexer: &Sender<(SearchJob, Arc<PreviewFolder>)>,
    why: &str,
) {
    let result = engine.rebuild(changed);
    match result {
        Ok(report) => {
            if let (Some(job), Some(folder)) = (engine.take_search_job(), engine.folder()) {
                let _ = indexer.send((job, Arc::clone(folder)));
            }
            for diagnostic in report.warnings.iter() {
                eprint!("{}", diagnostic.render(false));
            }
            // A save changes a few files of tens of thousands: the served
            // index, the same as the engine's after every good rebuild
            // (both start empty), takes just those.
            let changes = &report.changes;
            let mut served = site.write().unwrap_or_else(|e| e.into_inner());
            served.folder = engine.folder().cloned();
            for name in &changes.removed {
                served.files.remove(name);
            }
            served.files.extend(changes.written.iter().cloned());
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
