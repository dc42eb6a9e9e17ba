//! The server's life: the `initialize` handshake, then one loop that takes
//! the editor's messages in order, keeps the workspace up to date, answers
//! requests and publishes diagnostics. Each request runs isolated: a panic
//! becomes an error answer and the loop goes on.

use std::path::PathBuf;
use std::time::Instant;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{InitializeParams, InitializeResult, ServerInfo};
use rustc_hash::FxHashMap;
use serde_json::Value;

use super::capabilities::capabilities;
use super::handlers;
use super::session::{Failure, Session};
use super::workspace::Workspace;

/// How the session ended.
pub enum End {
    /// `shutdown`, then `exit`, as the protocol asks.
    Clean,
    /// `exit` without `shutdown`, or the input closed.
    Abrupt,
}

/// Answers `initialize` (and, before it, every request with an error),
/// then serves until `exit`. `root` is the site folder unless the editor
/// names its own.
pub fn run(sender: Sender<Message>, receiver: Receiver<Message>, root: Option<PathBuf>) -> End {
    let Some((id, params)) = initialize(&sender, &receiver) else {
        return End::Abrupt;
    };
    let root = root
        .or_else(|| client_root(&params))
        .unwrap_or_else(|| PathBuf::from("."));
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "gloss".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let _ = sender.send(Response::new_ok(id, result).into());
    let mut session = Session {
        sender,
        workspace: Workspace::new(&root),
        published: FxHashMap::default(),
        touched: Vec::new(),
        client: params.capabilities,
        shutdown: false,
        next_id: 0,
    };
    eprintln!(
        "gloss lsp: serving the site at {}",
        session.workspace.root.display()
    );
    serve(&mut session, &receiver)
}

/// Waits for a well-formed `initialize`; other requests are refused.
fn initialize(
    sender: &Sender<Message>,
    receiver: &Receiver<Message>,
) -> Option<(RequestId, InitializeParams)> {
    loop {
        let message = receiver.recv().ok()?;
        match message {
            Message::Request(request) if request.method == req::Initialize::METHOD => {
                match serde_json::from_value(request.params) {
                    Ok(params) => return Some((request.id, params)),
                    Err(err) => {
                        let message = format!("invalid initialize parameters: {err}");
                        let answer =
                            Response::new_err(request.id, ErrorCode::InvalidParams as i32, message);
                        let _ = sender.send(answer.into());
                    }
                }
            }
            Message::Request(request) => {
                let message = "the server is not initialized yet: send `initialize` first";
                let answer = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    message.into(),
                );
                let _ = sender.send(answer.into());
            }
            Message::Notification(n) if n.method == note::Exit::METHOD => return None,
            _ => {}
        }
    }
}

/// The folder the editor opened: its first workspace folder, or its root.
#[allow(deprecated)] // `root_uri` is what older editors send.
fn client_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|f| f.first());
    let uri = folder.map(|f| &f.uri).or(params.root_uri.as_ref())?;
    uri.to_file_path().ok().filter(|p| p.is_dir())
}

fn serve(session: &mut Session, receiver: &Receiver<Message>) -> End {
    session.workspace.refresh();
    session.publish();
    loop {
        let message = match session.workspace.pages_due() {
            Some(due) => match receiver.recv_timeout(due.saturating_duration_since(Instant::now()))
            {
                Ok(message) => message,
                Err(RecvTimeoutError::Timeout) => {
                    session.workspace.check_pages();
                    session.publish();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return End::Abrupt,
            },
            None => match receiver.recv() {
                Ok(message) => message,
                Err(_) => return End::Abrupt,
            },
        };
        match message {
            Message::Request(request) => answer(session, request),
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return if session.shutdown {
                    End::Clean
                } else {
                    End::Abrupt
                };
            }
            Message::Notification(n) => take(session, n),
            // Answers to what the server asked (watching files): nothing to do.
            Message::Response(_) => {}
        }
        // Changes typed in a burst are checked once, after the last.
        if session.workspace.is_dirty() && receiver.is_empty() {
            session.workspace.refresh();
            session.publish();
        }
    }
}

fn answer(session: &mut Session, request: Request) {
    let id = request.id.clone();
    let answer = if session.shutdown {
        Err(Failure::new(
            ErrorCode::InvalidRequest,
            "the server is shutting down",
        ))
    } else if request.method == req::Shutdown::METHOD {
        session.shutdown = true;
        Ok(Value::Null)
    } else {
        // A request sees every change made before it.
        if session.workspace.is_dirty() {
            session.workspace.refresh();
            session.publish();
        }
        let method = request.method.clone();
        crate::fault::isolate(&method, || handlers::request(session, request))
            .unwrap_or_else(|error| Err(Failure::new(ErrorCode::InternalError, error.message)))
    };
    let response = match answer {
        Ok(value) => Response::new_ok(id, value),
        Err(failure) => Response::new_err(id, failure.code as i32, failure.message),
    };
    let _ = session.sender.send(response.into());
}

fn take(session: &mut Session, notification: Notification) {
    let method = notification.method.clone();
    let done = crate::fault::isolate(&method, || handlers::notification(session, notification));
    match done {
        Ok(Ok(())) => {}
        Ok(Err(why)) => eprintln!("gloss lsp: {method}: {}", why.message),
        Err(error) => eprintln!("gloss lsp: {method}: {}", error.message),
    }
}
