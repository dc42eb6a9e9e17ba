//! Messages in and out over stdin and stdout, framed and decoded by
//! lsp-server. Its own stdio transport stops reading at the first message
//! it cannot decode; this one answers that message with a JSON-RPC error
//! and reads on, so a broken message never takes the server down.

use std::io::{self, BufRead, Read, Write};
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
        match read_message(&mut stdin) {
            Ok(Frame::Message(message)) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(Frame::End) => return,
            // Answered at once, since the client may never send the body;
            // then the body is read past so the next message reads as usual.
            Ok(Frame::TooLarge(size)) => {
                let why = format!("a message of {size} bytes is over the limit of {MAX_MESSAGE}");
                let _ = unreadable(&mut io::stdout().lock(), &why);
                if io::copy(&mut stdin.by_ref().take(size), &mut io::sink()).is_err() {
                    return;
                }
            }
            // A header or payload that is not a message: the frame has
            // been read past, so the next message reads as usual.
            Err(err) if err.kind() == io::ErrorKind::InvalidData => {
                let _ = unreadable(&mut io::stdout().lock(), &err.to_string());
            }
            Err(_) => return,
        }
    }
}

/// The largest message read: far beyond the largest content file gloss
/// reads (about 1 MiB) in JSON, and small enough that a wrong
/// `Content-Length` cannot make the server allocate gigabytes.
const MAX_MESSAGE: u64 = 64 << 20;

/// The longest header block read, in bytes.
const MAX_HEADER: u64 = 8 << 10;

/// What the client sent next.
enum Frame {
    Message(Message),
    /// A message whose length is over [`MAX_MESSAGE`]; its body is unread.
    TooLarge(u64),
    /// The end of the input.
    End,
}

/// One message, decoded by lsp-server once its `Content-Length` is known
/// to be within [`MAX_MESSAGE`]: lsp-server sets aside the whole length
/// before reading, so a header claiming terabytes would abort the server.
/// The header lines are read here only to look at that length; lsp-server
/// reads them again from the copy kept, and parses them itself.
fn read_message(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut header = Vec::new();
    let mut limited = input.by_ref().take(MAX_HEADER);
    loop {
        let read = limited.read_until(b'\n', &mut header)?;
        if read == 0 || header.ends_with(b"\r\n\r\n") || !header.ends_with(b"\r\n") {
            break;
        }
    }
    if header.len() as u64 == MAX_HEADER && !header.ends_with(b"\r\n\r\n") {
        let why = format!("a header of over {MAX_HEADER} bytes");
        return Err(io::Error::new(io::ErrorKind::InvalidData, why));
    }
    if let Some(size) = content_length(&header).filter(|&size| size > MAX_MESSAGE) {
        return Ok(Frame::TooLarge(size));
    }
    let message = Message::read(&mut io::Cursor::new(header).chain(input))?;
    Ok(message.map_or(Frame::End, Frame::Message))
}

/// The `Content-Length` a header block gives, if it gives one that reads.
fn content_length(header: &[u8]) -> Option<u64> {
    let header = std::str::from_utf8(header).ok()?;
    header.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        (name.trim().eq_ignore_ascii_case("content-length")).then_some(())?;
        value.trim().parse().ok()
    })
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
