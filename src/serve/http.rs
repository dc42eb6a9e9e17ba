//! The preview server's HTTP side: the built files, the live-reload channel,
//! and the error overlay. Only GET and HEAD; paths are looked up in the
//! built site's index, and only a file it names is read, from the
//! preview's own folder; suspicious paths are refused outright.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::urls;
use hyper::body::{Frame, SizeHint};
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};

use super::SharedSite;
use crate::diagnostics::Diagnostics;

const LIVE_JS: &str = include_str!("live.js");
const EVENTS_PATH: &str = "/__gloss/events";
const LIVE_JS_PATH: &str = "/__gloss/live.js";

#[derive(Clone)]
pub struct AppState {
    pub site: SharedSite,
    pub reload: broadcast::Sender<()>,
    /// Bound to loopback: only loopback Host headers are accepted (DNS rebinding).
    pub loopback: bool,
    /// Becomes true when the server stops; live-reload streams end then.
    pub stopped: watch::Receiver<bool>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(LIVE_JS_PATH, get(live_js))
        .fallback(page)
        .with_state(state)
}

/// `localhost`, `127.x.x.x` or `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn host_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    if !state.loopback {
        return true;
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(is_loopback_host)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

async fn live_js(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !host_allowed(&state, &headers) {
        return plain(StatusCode::BAD_REQUEST, "unknown host\n");
    }
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

async fn events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !host_allowed(&state, &headers) {
        return plain(StatusCode::BAD_REQUEST, "unknown host\n");
    }
    let foreign_origin = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|origin| {
            let host = origin.split("://").nth(1).unwrap_or(origin);
            !is_loopback_host(host)
        });
    if state.loopback && foreign_origin {
        return plain(StatusCode::FORBIDDEN, "foreign origin\n");
    }
    let reloads = BroadcastStream::new(state.reload.subscribe()).map(|_| {
        Some(Ok::<Event, Infallible>(
            Event::default().event("reload").data("reload"),
        ))
    });
    let stop = WatchStream::new(state.stopped.clone())
        .filter(|stopped| *stopped)
        .map(|_| None);
    let stream = reloads.merge(stop).map_while(|event| event);
    let stream: std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>> =
        Box::pin(stream);
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Turns a request path into a key of the built site, or refuses it.
pub fn site_key(raw_path: &str) -> Result<String, StatusCode> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if decoded.contains(['\0', '\\']) || !decoded.starts_with('/') {
        return Err(StatusCode::BAD_REQUEST);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/').skip(1) {
        match segment {
            "." | ".." => return Err(StatusCode::BAD_REQUEST),
            s if s.contains(':') => return Err(StatusCode::NOT_FOUND),
            s => segments.push(s),
        }
    }
    if segments.len() > 1 && segments[..segments.len() - 1].iter().any(|s| s.is_empty()) {
        // `////etc/passwd` and the like.
        return Err(StatusCode::NOT_FOUND);
    }
    Ok(urls::output_file(&segments.join("/")))
}

async fn page(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if !host_allowed(&state, request.headers()) {
        return plain(StatusCode::BAD_REQUEST, "unknown host\n");
    }
    let path = request.uri().path().to_string();
    let key = match site_key(&path) {
        Ok(key) => key,
        Err(StatusCode::BAD_REQUEST) => return plain(StatusCode::BAD_REQUEST, "bad path\n"),
        Err(_) => String::from("\0missing"),
    };
    let answer = match answer(&state, &path, key) {
        Answer::Moved(location) => {
            return (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
        Answer::File(answer) => answer,
    };
    // Read off the runtime's threads: a disk slower than usual then holds
    // up this request, not the others.
    let bytes = match answer.file.clone() {
        Some(file) => tokio::task::spawn_blocking(move || std::fs::read(file))
            .await
            .ok()
            .and_then(Result::ok),
        None => None,
    };
    let Some(bytes) = bytes else {
        // No such file, or one a rebuild removed since the lookup.
        let status = match answer.status {
            StatusCode::OK => StatusCode::NOT_FOUND,
            status => status,
        };
        let body = overlay_page(answer.overlay.as_deref());
        return (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response();
    };
    let key = answer.key;
    let mime = mime_guess::from_path(&key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let content_type = if urls::is_feed(&key) {
        "application/atom+xml; charset=utf-8".to_string()
    } else if is_html || mime.type_() == "text" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let body = if is_html {
        inject(bytes, answer.overlay.as_deref())
    } else {
        Body::from(bytes)
    };
    let mut response =
        (answer.status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

/// What a request for a site path gets, as the served site's index says.
enum Answer {
    /// A folder's address without its `/`: sent to the address with it.
    Moved(String),
    File(FileAnswer),
}

struct FileAnswer {
    status: StatusCode,
    /// The site's file that answers (`articles/x/index.html`, `404.html`).
    key: String,
    /// Where it is, when the site has it.
    file: Option<std::path::PathBuf>,
    /// The errors of the last build, as the panel shown over every page.
    overlay: Option<String>,
}

/// Looks `key` (the file of the request's `path`) up in the served site,
/// under its lock; the bytes are read after, without it.
fn answer(state: &AppState, path: &str, key: String) -> Answer {
    let served = state.site.read().unwrap_or_else(|e| e.into_inner());
    let (status, key) = if served.gone.contains(key.as_str()) {
        // The 410 page of the address's edition (`ar/410.html`), if it has one.
        let edition = key.split_once('/').map(|(first, _)| format!("{first}/"));
        let page = edition
            .map(|folder| format!("{folder}{}", urls::output_file(urls::GONE)))
            .filter(|page| served.has(page));
        (
            StatusCode::GONE,
            page.unwrap_or_else(|| urls::output_file(urls::GONE)),
        )
    } else if served.has(&key) {
        (StatusCode::OK, key)
    } else if !key.rsplit('/').next().unwrap_or("").contains('.')
        && served.has(&urls::output_file(&format!("{key}/")))
    {
        return Answer::Moved(format!("{path}/"));
    } else {
        (StatusCode::NOT_FOUND, urls::output_file(urls::NOT_FOUND))
    };
    let file = (served.folder.as_ref())
        .filter(|_| served.has(&key))
        .map(|folder| folder.path_of(&key));
    Answer::File(FileAnswer {
        status,
        key,
        file,
        overlay: served.errors.as_ref().map(overlay),
    })
}

/// The page with the live-reload script, and the error overlay when the last
/// build failed, before `</body>`.
fn inject(html: Vec<u8>, overlay: Option<&str>) -> Body {
    let mut extra = format!("<script src=\"{LIVE_JS_PATH}\"></script>");
    if let Some(overlay) = overlay {
        extra.push_str(overlay);
    }
    let at = find_last(&html, b"</body>").unwrap_or(html.len());
    let page = Bytes::from(html);
    Body::new(Spliced::new([
        page.slice(..at),
        Bytes::from(extra),
        page.slice(at..),
    ]))
}

/// A body of a few pieces sent one after the other. Pages are served as slices
/// of the bytes read rather than copies: under load, copying every page into
/// a fresh buffer cost more than the rest of the request.
struct Spliced {
    pieces: std::collections::VecDeque<Bytes>,
    remaining: u64,
}

impl Spliced {
    fn new(pieces: impl IntoIterator<Item = Bytes>) -> Spliced {
        let pieces: std::collections::VecDeque<Bytes> = pieces.into_iter().collect();
        let remaining = pieces.iter().map(|piece| piece.len() as u64).sum();
        Spliced { pieces, remaining }
    }
}

impl HttpBody for Spliced {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let piece = self.pieces.pop_front();
        if let Some(piece) = &piece {
            self.remaining -= piece.len() as u64;
        }
        std::task::Poll::Ready(piece.map(|piece| Ok(Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Exact, so the response carries a Content-Length.
    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The errors of a failed build, over the page, each with its file, line and fix.
pub fn overlay(errors: &Diagnostics) -> String {
    let mut items = String::new();
    for diagnostic in errors.iter() {
        let mut text = String::new();
        let _ = pulldown_cmark_escape::escape_html(&mut text, &diagnostic.render(false));
        items.push_str(&format!("<pre>{text}</pre>"));
    }
    format!(
        "<div id=\"gloss-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f5f5f5;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:2rem\">\
<h2 style=\"margin:0 0 1rem;font:600 1.2rem system-ui,sans-serif;color:#ff8a80\">The last change broke the build: {} error{}</h2>\
<p style=\"margin:0 0 1rem;font:1rem system-ui,sans-serif\">Still showing the last good version. Fix the file and this page reloads by itself.</p>{items}</div>",
        errors.error_count(),
        if errors.error_count() == 1 { "" } else { "s" },
    )
}

/// Shown when no build has succeeded yet, or the site has no 404 page:
/// `overlay` is the panel of the last build's errors, if it failed.
fn overlay_page(overlay: Option<&str>) -> String {
    let body = overlay.unwrap_or("<h1>Not found</h1>");
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>gloss</title></head><body>{body}<script src=\"{LIVE_JS_PATH}\"></script></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_urls_serve_index_html() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(
            site_key("/entities/hamas/").unwrap(),
            "entities/hamas/index.html"
        );
        assert_eq!(site_key("/gloss.css").unwrap(), "gloss.css");
    }

    #[test]
    fn traversal_is_refused() {
        for path in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/..%2f..%2fetc",
            "/a\\b",
            "/index.html%00.txt",
            "/..%5csecret",
        ] {
            assert!(site_key(path).is_err(), "{path}");
        }
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("localhost:1111"));
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("[::1]:1111"));
        assert!(!is_loopback_host("evil.example:1111"));
    }
}
