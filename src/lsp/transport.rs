//! Messages in and out over stdin and stdout, framed and decoded by
//! lsp-server. Its own stdio transport stops reading at the first message
//! it cannot decode; this one answers that message with a JSON-RPC error
//! and reads on, so a broken message never takes the server down.

use std::io::{self, Write};
use std::thread::JoinHandle;

use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{ErrorCode, Message};

/// The reading and writing threads; joined once the server is done.
pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<io::Result<()>>,
}

/// The two ends the server works with: messages read from stdin, and
/// messages to write to stdout.
pub fn stdio() -> ((Sender<Message>, Receiver<Message>), Threads) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, outgoing) = unbounded::<Message>();
    let reader = std::thread::spawn(move || read(to_server));
    let writer = std::thread::spawn(move || {
        for message in outgoing {
            message.write(&mut io::stdout().lock())?;
        }
        Ok(())
    });
    ((to_client, from_client), Threads { reader, writer })
}

impl Threads {
    /// Waits until every message the server sent is written.
    pub fn join(self) -> io::Result<()> {
        // The reader may still wait on stdin; the process ends without it.
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer stopped")))
    }
}

/// Reads messages until stdin ends or the client says `exit`.
fn read(to_server: Sender<Message>) {
    let stdin = io::stdin();
    let mut stdin = stdin.lock();
    loop {
        match Message::read(&mut stdin) {
            Ok(Some(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(None) => return,
            // A header or payload that is not a message: the frame has
            // been read past, so the next message reads as usual.
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                let _ = unreadable(&mut io::stdout().lock(), &err.to_string());
            }
            Err(_) => return,
        }
    }
}

/// The JSON-RPC answer to a message that cannot be read: a parse error
/// whose `id` is null, since the message's own cannot be known. lsp-server's
/// `Response` has no null id, so this one answer is framed here, under the
/// same lock on stdout as every other message.
fn unreadable(out: &mut impl Write, why: &str) -> io::Result<()> {
    let why: String = why.chars().take(300).collect();
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": ErrorCode::ParseError as i32,
            "message": format!("gloss could not read this message: {why}"),
        },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}
