//! `gloss serve` against a hostile client: foreign hosts and origins, request
//! targets that try to climb out of the site, symbolic links to files outside
//! it, oversized request heads, and random paths. Files holding a canary
//! string sit beside and above the site; no response may ever contain it.

mod common;
use common::server::{Raw, Server};

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Written into every file outside the site; never part of a response.
const CANARY: &str = "gloss-canary-8f2c61d4";
/// The start of the real /etc/passwd.
const PASSWD: &str = "root:x:0:0";

/// `outer/site` is the site; `outer` and `outer/site` also hold canary files
/// where a request that climbs out of the site would look for them.
struct Layout {
    outer: tempfile::TempDir,
}

impl Layout {
    fn new() -> Layout {
        let layout = Layout {
            outer: tempfile::tempdir().unwrap(),
        };
        for rel in [
            "secret",
            "etc/passwd",
            "C:/Windows/win.ini",
            "C:\\foo",
            "site/secret",
            "site/etc/passwd",
            "index.html",
        ] {
            layout.outside(rel, &format!("{CANARY} in {rel}\n"));
        }
        layout.outside(
            "notes/private.md",
            &format!("---\ntitle: Notes\ndate: {CANARY}\n---\nPrivate.\n"),
        );
        layout.outside("partial.html", &format!("{{{{ {CANARY} "));
        layout.outside(
            "outside.md",
            &format!("---\ntitle: Outside\ndate: 2024-09-19\n---\n{CANARY} article.\n"),
        );
        layout
            .file("site.yaml", "title: Desk\nbase_url: https://example.org/\n")
            .file(
                "content/entities/hamas.md",
                "---\nname: Hamas\nkind: organization\nsummary: A group.\n---\n",
            )
            .file(
                "content/articles/a.md",
                "---\ntitle: A\ndate: 2024-09-19\nannotations: [hamas]\n---\nHamas said one thing.\n",
            )
            .file("static/real.txt", "real static file\n")
    }

    fn root(&self) -> PathBuf {
        self.outer.path().join("site")
    }

    /// A file of the site.
    fn file(self, rel: &str, text: &str) -> Layout {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// A file outside the site, beside it.
    fn outside(&self, rel: &str, text: &str) {
        let path = self.outer.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A symbolic link at `rel` inside the site pointing to `target`.
    fn link(self, rel: &str, target: &Path) -> Layout {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
        self
    }

    /// Links under `static/` and `content/` to files and folders outside the site.
    fn with_outside_links(self) -> Layout {
        let outer = self.outer.path().to_path_buf();
        self.link("static/leak.txt", &outer.join("secret"))
            .link("static/leakdir", &outer.join("etc"))
            .link("static/relative.txt", Path::new("../../secret"))
            .link("content/articles/leak.md", &outer.join("outside.md"))
            .link("content/notes", &outer.join("notes"))
            .link("templates/partial.html", &outer.join("partial.html"))
    }
}

impl Raw {
    fn leaks(&self) -> bool {
        self.text.contains(CANARY) || self.text.contains(PASSWD)
    }
}

#[test]
fn binds_loopback_by_default() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    assert!(
        server.url_line.contains("http://127.0.0.1:"),
        "{}",
        server.url_line
    );
    // The machine's own address on its default route, if it has one: the
    // server must not answer there.
    let own = UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| {
            socket.connect("192.0.2.1:9")?;
            socket.local_addr()
        })
        .map(|addr| addr.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
    if let Some(ip) = own {
        let outside = SocketAddr::new(ip, server.port);
        assert!(
            TcpStream::connect_timeout(&outside, Duration::from_secs(2)).is_err(),
            "the preview answers on {outside}"
        );
    }
    assert_eq!(server.get_raw("/").status, 200);
}

#[test]
fn only_loopback_host_headers_are_served_on_loopback() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    let port = server.port;
    let with_host = |target: &str, host: Option<&str>| {
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        server.head_of(&format!(
            "GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        ))
    };
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        "[::1]".to_string(),
    ] {
        assert_eq!(with_host("/", Some(&host)).status, 200, "{host}");
    }
    for target in ["/", "/gloss.css", "/__gloss/live.js", "/__gloss/events"] {
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            format!("localhost.evil.example:{port}"),
            format!("127.0.0.1.nip.io:{port}"),
            "192.168.1.10".to_string(),
        ] {
            assert_eq!(
                with_host(target, Some(&host)).status,
                400,
                "{target} with Host {host}"
            );
        }
        assert_eq!(with_host(target, None).status, 400, "{target} without Host");
    }
}

#[test]
fn live_reload_refuses_a_foreign_origin() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    let events = |origin: &str| {
        server.head_of(&format!(
            "GET /__gloss/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}\r\nConnection: close\r\n\r\n",
            server.port
        ))
    };
    for origin in [
        "http://evil.example",
        "https://evil.example:1111",
        "http://localhost.evil.example",
        "null",
    ] {
        assert_eq!(events(origin).status, 403, "{origin}");
    }
    let own = events(&format!("http://localhost:{}", server.port));
    assert_eq!(own.status, 200);
    assert!(
        own.text.contains("text/event-stream"),
        "the page's own origin subscribes: {}",
        own.text
    );
}

/// Each target with the status it gets: 400 where the path is refused before
/// any lookup, 404 where it is looked up and is simply not in the site.
const TRAVERSALS: [(&str, u16); 13] = [
    ("/../../etc/passwd", 400),
    ("/%2e%2e/%2e%2e/etc/passwd", 400),
    ("/%2E%2e.html", 404),
    ("/..%2f..%2fetc%2fpasswd", 400),
    ("/.%252e/.%252e/etc/passwd", 404),
    ("/..\\..\\secret", 400),
    ("/..%5c..%5csecret", 400),
    ("/C:/Windows/win.ini", 404),
    ("/C:\\foo", 400),
    ("////etc/passwd", 404),
    ("/index.html%00.txt", 400),
    ("/%c0%ae%c0%ae/secret", 400),
    ("/articles/a/../../../secret", 400),
];

#[test]
fn no_request_target_reaches_a_file_outside_the_site() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    for (target, status) in TRAVERSALS {
        let raw = server.get_raw(target);
        assert!(!raw.leaks(), "{target} leaked:\n{}", raw.text);
        assert_eq!(raw.status, status, "{target}:\n{}", raw.text);
    }
    assert_eq!(
        server.get_raw("/real.txt").status,
        200,
        "static files are served"
    );
}

#[test]
fn a_link_out_of_the_site_fails_the_build_and_names_the_file() {
    let layout = Layout::new().with_outside_links();
    // A link that stays inside the site is fine.
    let inside = layout.root().join("static/real.txt");
    let layout = layout.link("static/alias.txt", &inside);
    let mut options = gloss::BuildOptions::new(layout.root());
    options.output = Some(layout.root().join("public"));
    let diags = gloss::build(&options)
        .expect_err("links out of the site fail the build")
        .into_vec();
    // Only the links are reported: nothing behind them was read, so no error
    // quotes an outside file.
    let named: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(diags.iter().all(|d| d.code == "G0113"), "{named:#?}");
    assert!(!named.iter().any(|d| d.contains(CANARY)), "{named:#?}");
    for rel in [
        "content/articles/leak.md",
        "content/notes",
        "templates/partial.html",
        "static/leak.txt",
        "static/leakdir",
        "static/relative.txt",
    ] {
        assert!(
            named.iter().any(|d| d.contains(rel)),
            "no G0113 for {rel}: {named:#?}"
        );
    }
    assert_eq!(named.len(), 6, "{named:#?}");
    assert!(!layout.root().join("public").exists());
}

#[test]
fn the_server_never_returns_a_file_behind_a_link_out_of_the_site() {
    let layout = Layout::new().with_outside_links();
    let server = Server::start(&layout.root());
    for target in [
        "/leak.txt",
        "/leakdir/passwd",
        "/relative.txt",
        "/articles/leak/",
    ] {
        let raw = server.get_raw(target);
        assert!(!raw.leaks(), "{target} leaked:\n{}", raw.text);
        assert_eq!(raw.status, 404, "{target}");
    }
    // The failed build is shown over the page, naming the links and nothing
    // behind them.
    let raw = server.get_raw("/");
    assert!(
        raw.text.contains("G0113") && raw.text.contains("static/leak.txt"),
        "{}",
        raw.text
    );
    assert!(!raw.leaks(), "{}", raw.text);
}

#[test]
fn a_link_out_of_the_site_added_while_serving_is_not_followed() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    assert_eq!(server.get_raw("/real.txt").status, 200);
    let outer = layout.outer.path().to_path_buf();
    let layout = layout
        .link("static/leak.txt", &outer.join("secret"))
        .link("static/leakdir", &outer.join("etc"))
        .file("static/real.txt", "edited static file\n");
    // The links break the build: the overlay names them, the last good site
    // stays, and nothing behind them is served.
    server.eventually_raw("/", |raw| {
        raw.text.contains("G0113") && raw.text.contains("static/leak.txt")
    });
    for target in ["/leak.txt", "/leakdir/passwd"] {
        let raw = server.get_raw(target);
        assert!(!raw.leaks(), "{target} leaked:\n{}", raw.text);
        assert_eq!(raw.status, 404, "{target}");
    }
    assert!(server
        .get_raw("/real.txt")
        .text
        .contains("real static file"));
    // Removing them lets the edit through.
    std::fs::remove_file(layout.root().join("static/leak.txt")).unwrap();
    std::fs::remove_file(layout.root().join("static/leakdir")).unwrap();
    server.eventually_raw("/real.txt", |raw| raw.text.contains("edited static file"));
    drop(layout);
}

/// A request head of `headers` fields of `size` bytes each.
fn head_with(headers: usize, size: usize) -> Vec<u8> {
    let mut head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".to_vec();
    for n in 0..headers {
        head.extend_from_slice(format!("X-Filler-{n}: {}\r\n", "a".repeat(size)).as_bytes());
    }
    head.extend_from_slice(b"\r\n");
    head
}

#[test]
fn oversized_request_heads_are_refused_and_the_server_carries_on() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    // Within the limits: 98 fields (with Host and Connection) and 60 KiB.
    assert_eq!(server.send(&head_with(98, 10)).status, 200);
    assert_eq!(server.send(&head_with(6, 10 * 1024)).status, 200);
    for (what, head) in [
        ("a 65 KiB head", head_with(1, 65 * 1024)),
        ("a 1 MiB head", head_with(16, 64 * 1024)),
        ("101 header fields", head_with(99, 10)),
        ("1000 header fields", head_with(1000, 10)),
    ] {
        let raw = server.send(&head);
        assert!(
            raw.status == 431 || raw.status == 400,
            "{what}: {}",
            raw.status
        );
        assert_eq!(
            server.get_raw("/").status,
            200,
            "a new request after {what}"
        );
    }
}

/// Pieces of request targets that have broken path handling somewhere.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "..",
            ".",
            "/",
            "//",
            "\\",
            "%2e",
            "%2E",
            "%2f",
            "%2F",
            "%5c",
            "%00",
            "%252e",
            "%25",
            "%c0%ae",
            "%c0%af",
            "%e0%80%ae",
            "%ff",
            "%",
            "%z",
            ":",
            "C:",
            "~",
            ";",
            "?",
            "#",
            "etc",
            "passwd",
            "secret",
            "win.ini",
            "index.html",
            "articles",
            "a",
            "entities",
            "hamas",
            "gloss.css",
            "__gloss",
            "events",
            "live.js",
            "real.txt",
            "é",
            "%20",
            "+",
            "*",
            "@",
            "!",
            "$",
        ])
        .prop_map(String::from),
        "[!-~]{1,4}",
    ]
}

fn tail() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|parts| parts.concat())
}

#[test]
fn random_path_tails_never_fail_or_leak() {
    let layout = Layout::new();
    let server = Server::start(&layout.root());
    let mut runner = TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&tail(), |tail| {
            let raw = server.get_raw(&format!("/{tail}"));
            prop_assert!(raw.status != 0, "no response to /{tail}");
            prop_assert!(raw.status < 500, "/{tail} -> {}", raw.status);
            prop_assert!(!raw.leaks(), "/{tail} leaked:\n{}", raw.text);
            if server.get_raw("/").status != 200 {
                return Err(TestCaseError::fail(format!("server down after /{tail}")));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn ctrl_c_ends_live_reload_streams_cleanly_and_stops() {
    let layout = Layout::new();
    let mut server = Server::start(&layout.root());
    let mut events = server.connect();
    write!(
        events,
        "GET /__gloss/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 64];
    assert!(events.read(&mut first).unwrap() > 0, "the stream opened");
    server.interrupt();
    let mut rest = Vec::new();
    let _ = events.read_to_end(&mut rest);
    // The last chunk of a chunked body: the stream was ended, not cut off.
    assert!(
        rest.ends_with(b"0\r\n\r\n"),
        "{:?}",
        String::from_utf8_lossy(&rest)
    );
    let exit = server.exit_within(Duration::from_secs(10));
    assert_eq!(exit.code(), Some(0));
}
