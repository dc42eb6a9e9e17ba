//! `gloss serve` run as a child process on a free port, spoken to either with
//! a real HTTP client (`get`, `eventually`, `subscribe`) or with bytes written
//! to a socket exactly as given (`send`, `get_raw`, `head_of`, `status_of`).
//! Dropping the `Server` kills the process.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long `gloss serve` may take to print the line with its URL.
const STARTUP: Duration = Duration::from_secs(20);
/// The whole of one request made with the HTTP client.
const REQUEST: Duration = Duration::from_secs(10);
/// How long reads on a raw connection wait before giving up.
const RAW_READ: Duration = Duration::from_secs(10);
/// How long reads wait in `status_of`.
const STATUS_READ: Duration = Duration::from_secs(5);
/// How long `eventually` and `eventually_raw` poll.
const SETTLE: Duration = Duration::from_secs(10);

pub struct Server {
    pub child: Child,
    pub port: u16,
    /// The `Serving … at http://…/` line the server printed.
    pub url_line: String,
    /// A client that returns error statuses as responses and gives every
    /// request `REQUEST` in all.
    pub agent: ureq::Agent,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A `gloss serve` command not yet started: `Server::launch(root)`, options,
/// then `start()`.
pub struct Launch {
    command: Command,
}

impl Launch {
    /// An extra argument to `gloss serve`, e.g. `--drafts`.
    pub fn arg(mut self, arg: &str) -> Launch {
        self.command.arg(arg);
        self
    }

    /// An environment variable for the server, e.g. `GLOSS_FAULT`.
    pub fn env(mut self, key: &str, value: &str) -> Launch {
        self.command.env(key, value);
        self
    }

    /// Starts the server and returns once it has printed its URL, which it
    /// does only after its port is bound, so it answers from then on.
    pub fn start(mut self) -> Server {
        let mut child = self
            .command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("gloss serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Reads stdout to the end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("Serving ") {
                    let _ = tx.send(line);
                }
            }
        });
        let url_line = match rx.recv_timeout(STARTUP) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve did not print its URL within {STARTUP:?}");
            }
        };
        let port = port_of(&url_line).unwrap_or_else(|| panic!("no port in {url_line:?}"));
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST))
            .build()
            .into();
        Server {
            child,
            port,
            url_line,
            agent,
        }
    }
}

/// The port of the URL in `Serving SITE at http://HOST:PORT/ (Ctrl-C to stop)`.
fn port_of(line: &str) -> Option<u16> {
    let url = line.split("http://").nth(1)?;
    let authority = url.split('/').next()?;
    authority.rsplit(':').next()?.parse().ok()
}

/// A response as it came off the wire: the status and everything read,
/// head and body, as text.
pub struct Raw {
    pub status: u16,
    pub text: String,
}

/// Reads `bytes` as an HTTP/1.1 response; status 0 if it is not one.
fn parse(bytes: Vec<u8>) -> Raw {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Raw { status, text }
}

impl Server {
    /// `gloss serve --port 0 --root ROOT`, with no `--bind`: on loopback.
    pub fn start(root: &Path) -> Server {
        Server::launch(root).start()
    }

    /// The same command, for options to be added before it starts.
    pub fn launch(root: &Path) -> Launch {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gloss"));
        command.args(["serve", "--port", "0", "--root"]).arg(root);
        Launch { command }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `GET path` with the HTTP client: status, content type and body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let response = self.agent.get(&self.url(path)).call().expect("request");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.into_body().read_to_string().unwrap_or_default();
        (status, content_type, body)
    }

    /// Polls `path` with the HTTP client until `ok` holds of its status and
    /// body, for at most ten seconds; returns that body.
    pub fn eventually(&self, path: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        self.eventually_within(SETTLE, path, ok)
    }

    /// `eventually` with its own time limit.
    pub fn eventually_within(
        &self,
        limit: Duration,
        path: &str,
        ok: impl Fn(u16, &str) -> bool,
    ) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let (status, _, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never became right: {status}\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Subscribes to the reload channel; each event's name arrives on the
    /// receiver.
    pub fn subscribe(&self) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel();
        // A stream: no overall timeout.
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let response = agent
            .get(&self.url("/__gloss/events"))
            .call()
            .expect("subscribe");
        let reader = BufReader::new(response.into_body().into_reader());
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ") {
                    if tx.send(event.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        rx
    }

    /// A connection whose reads give up after ten seconds.
    pub fn connect(&self) -> TcpStream {
        self.connect_within(RAW_READ)
    }

    /// A connection whose reads give up after `read_timeout`.
    pub fn connect_within(&self, read_timeout: Duration) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("server is up");
        stream.set_read_timeout(Some(read_timeout)).unwrap();
        stream
    }

    /// Sends `head` exactly as written, then reads the response until the
    /// server closes the connection.
    pub fn send(&self, head: &[u8]) -> Raw {
        let mut stream = self.connect();
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(head);
        read_to_close(&mut stream)
    }

    /// `GET target` with a loopback Host header, the target sent as-is.
    pub fn get_raw(&self, target: &str) -> Raw {
        self.send(
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// The status of `request_line` (e.g. `POST / HTTP/1.1`) sent exactly as
    /// written with a loopback Host header; 0 if no answer came within five
    /// seconds.
    pub fn status_of(&self, request_line: &str) -> u16 {
        let mut stream = self.connect_within(STATUS_READ);
        write!(
            stream,
            "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        read_to_close(&mut stream).status
    }

    /// Only the status line and headers: for responses that stream forever.
    pub fn head_of(&self, head: &str) -> Raw {
        let mut stream = self.connect();
        stream.write_all(head.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        while !bytes.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            }
        }
        parse(bytes)
    }

    /// Polls `get_raw(target)` until `ok` holds, for at most ten seconds.
    pub fn eventually_raw(&self, target: &str, ok: impl Fn(&Raw) -> bool) -> Raw {
        let deadline = Instant::now() + SETTLE;
        loop {
            let raw = self.get_raw(target);
            if ok(&raw) {
                return raw;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never became right: {}\n{}",
                raw.status,
                raw.text
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends the server SIGINT, as Ctrl-C in its terminal would.
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the server to exit, failing if it is still running after
    /// `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                return exit;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn read_to_close(stream: &mut TcpStream) -> Raw {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse(bytes)
}
