//! `gloss lsp`: a Language Server Protocol server over stdin and stdout,
//! for any editor with an LSP client. While one writes, it shows the
//! diagnostics of `gloss check` as one types, completes entity slugs,
//! keys, kinds and tags, shows an entity's card on hover, goes to an
//! entity's file and finds the articles that use it, and offers the fixes
//! of the diagnostics.
//!
//! A front end beside `serve`, on the same pipeline and memory: the load
//! stage reads the editor's unsaved text instead of the disk.
//!
//! - `transport.rs`: stdin and stdout, framed by lsp-server;
//! - `server.rs`: the handshake and the message loop; `session.rs`: what
//!   one editor's session keeps; `handlers.rs`: one function per method;
//!   `capabilities.rs`: what the server offers;
//! - `workspace.rs`: the pipeline, the open documents (`documents.rs`) and
//!   what the last checks found; `problems.rs`: diagnostics for the editor;
//! - `cursor.rs`, `mentions.rs`, `focus.rs`: what a position is about;
//! - `completion.rs`, `hover.rs`, `navigation.rs`, `actions.rs`: the answers;
//! - `position.rs`: byte offsets and the editor's UTF-16 positions.

mod actions;
mod capabilities;
mod completion;
mod cursor;
mod documents;
mod focus;
mod handlers;
mod hover;
mod mentions;
mod navigation;
mod position;
mod problems;
mod server;
mod session;
mod transport;
mod workspace;

use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct LspOptions {
    /// The site folder; by default the folder the editor opened, else the
    /// current folder.
    pub root: Option<PathBuf>,
}

/// How a session ended badly.
#[derive(Debug)]
pub enum LspError {
    /// The editor left without `shutdown`, or the input closed.
    NoShutdown,
    Io(std::io::Error),
}

impl std::fmt::Display for LspError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LspError::NoShutdown => {
                write!(f, "the editor closed the connection without `shutdown`")
            }
            LspError::Io(err) => write!(f, "cannot write to the editor: {err}"),
        }
    }
}

/// Serves the site over stdin and stdout until the editor says `exit`.
pub fn lsp(options: &LspOptions) -> Result<(), LspError> {
    let ((sender, receiver), threads) = transport::stdio();
    let end = server::run(sender, receiver, options.root.clone());
    threads.join().map_err(LspError::Io)?;
    match end {
        server::End::Clean => Ok(()),
        server::End::Abrupt => Err(LspError::NoShutdown),
    }
}
