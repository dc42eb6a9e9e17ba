//! One editor's session: the workspace, what each document was last
//! shown, and the means to send the editor notifications and requests.

use crossbeam_channel::Sender;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId};
use lsp_types::notification::{self as note};
use lsp_types::request::{self as req};
use lsp_types::{ClientCapabilities, PublishDiagnosticsParams, ResourceOperationKind, Url};
use rustc_hash::FxHashMap;

use std::path::{Path, PathBuf};

use super::documents::{Document, Role};
use super::problems::to_lsp;
use super::workspace::Workspace;
use crate::diagnostics::Diagnostic;

/// Why a request was not answered with a result.
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

pub struct Session {
    pub sender: Sender<Message>,
    pub workspace: Workspace,
    /// The files shown diagnostics, by path in the site, with a
    /// fingerprint of what they were shown.
    pub published: FxHashMap<PathBuf, u64>,
    /// Documents changed since diagnostics were last published: they get
    /// fresh ones even when nothing changed, for their new version.
    pub touched: Vec<Url>,
    pub client: ClientCapabilities,
    pub shutdown: bool,
    pub next_id: i32,
}

impl Session {
    /// Marks a document as changed: it gets diagnostics for its new text.
    pub fn touch(&mut self, uri: &Url) {
        self.touched.push(uri.clone());
    }

    /// Sends the diagnostics of every file of the site whose diagnostics
    /// changed (clearing those that have none left), and of every open
    /// document that was changed, for its new version.
    pub fn publish(&mut self) {
        let touched = std::mem::take(&mut self.touched);
        let workspace = &self.workspace;
        let mut groups: FxHashMap<&Path, Vec<&Diagnostic>> = FxHashMap::default();
        for diagnostic in workspace.diagnostics() {
            groups.entry(&diagnostic.path).or_default().push(diagnostic);
        }
        let open: FxHashMap<&Path, &Document> = (workspace.documents.values())
            .filter(|d| d.role != Role::Other)
            .map(|d| (d.rel.as_path(), d))
            .collect();
        let mut updates = Vec::new();
        for (rel, found) in &groups {
            let print = fingerprint(found);
            let document = open.get(rel);
            let fresh = document.is_some_and(|d| touched.contains(&d.uri));
            if self.published.get(*rel) == Some(&print) && !fresh {
                continue;
            }
            // A diagnostic about no file (an environment variable, a flag) has nowhere to go.
            if document.is_none() && !workspace.root.join(rel).is_file() {
                continue;
            }
            let diagnostics = found.iter().map(|d| to_lsp(&workspace.root, d)).collect();
            updates.push((rel.to_path_buf(), Some(print), diagnostics));
        }
        let cleared = (self.published.keys()).filter(|rel| !groups.contains_key(rel.as_path()));
        let quiet = (open.iter())
            .filter(|(rel, d)| touched.contains(&d.uri) && !groups.contains_key(*rel))
            .map(|(rel, _)| rel.to_path_buf());
        let empty: Vec<PathBuf> = cleared.cloned().chain(quiet).collect();
        updates.extend(empty.into_iter().map(|rel| (rel, None, Vec::new())));
        for (rel, print, diagnostics) in updates {
            let version = open.get(rel.as_path()).map(|d| d.version);
            let Ok(uri) = Url::from_file_path(workspace.root.join(&rel)) else {
                continue;
            };
            match print {
                Some(print) => self.published.insert(rel, print),
                None => self.published.remove(&rel),
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            self.notify::<note::PublishDiagnostics>(params);
        }
    }

    pub fn notify<N: note::Notification>(&self, params: N::Params) {
        let _ = (self.sender).send(Notification::new(N::METHOD.into(), params).into());
    }

    /// Sends a request to the editor; its answer is not waited for.
    pub fn ask<R: req::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("gloss-{}", self.next_id));
        let _ = (self.sender).send(Request::new(id, R::METHOD.into(), params).into());
    }

    /// Whether the editor applies workspace edits that create files.
    pub fn can_create_files(&self) -> bool {
        let edit = self
            .client
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref());
        edit.is_some_and(|e| {
            e.document_changes == Some(true)
                && (e.resource_operations.as_ref())
                    .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
        })
    }
}

/// What a file's diagnostics say and where: when it is unchanged, the
/// editor already shows them.
fn fingerprint(found: &[&Diagnostic]) -> u64 {
    let parts: Vec<_> = (found.iter())
        .map(|d| {
            let related: Vec<_> = d
                .related
                .iter()
                .map(|r| (&r.source.path, &r.span))
                .collect();
            (
                d.code,
                d.is_error(),
                &d.span,
                &d.message,
                &d.label,
                &d.help,
                related,
            )
        })
        .collect();
    crate::text::hash_of(&parts)
}
