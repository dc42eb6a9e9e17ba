//! One function per method: the request's parameters decoded, the answer
//! made from the workspace. A document outside the site folder is refused
//! with an error; a file of the site that is not content gets empty answers.

use lsp_server::{ErrorCode, Notification, Request};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration,
    RegistrationParams, TextDocumentPositionParams, Url,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::actions::{self, Context};
use super::documents::Document;
use super::focus::Focus;
use super::position::LineIndex;
use super::session::{Failure, Session};
use super::{completion, hover, navigation};

pub fn request(session: &mut Session, request: Request) -> Result<Value, Failure> {
    let params = request.params;
    match request.method.as_str() {
        req::Completion::METHOD => answer::<req::Completion>(params, |p| {
            let focus = focus(session, &p.text_document_position)?;
            Ok(Some(completion::complete(&focus).into()))
        }),
        req::HoverRequest::METHOD => answer::<req::HoverRequest>(params, |p| {
            let focus = focus(session, &p.text_document_position_params)?;
            Ok(hover::hover(&focus))
        }),
        req::GotoDefinition::METHOD => answer::<req::GotoDefinition>(params, |p| {
            let focus = focus(session, &p.text_document_position_params)?;
            let root = &session.workspace.root;
            Ok(navigation::definition(&focus, root).map(Into::into))
        }),
        req::References::METHOD => answer::<req::References>(params, |p| {
            let focus = focus(session, &p.text_document_position)?;
            let root = &session.workspace.root;
            let declaration = p.context.include_declaration;
            Ok(Some(navigation::references(&focus, root, declaration)))
        }),
        req::CodeActionRequest::METHOD => answer::<req::CodeActionRequest>(params, |p| {
            let document = document(session, &p.text_document.uri)?;
            let index = LineIndex::new(&document.text);
            let range = index.offset(p.range.start)..index.offset(p.range.end);
            let cx = Context {
                root: &session.workspace.root,
                document,
                run: session.workspace.snapshot(),
                can_create: session.can_create_files(),
            };
            let found = session.workspace.diagnostics_of(&document.rel);
            let actions = actions::actions(&cx, found, range);
            Ok(Some(actions.into_iter().map(Into::into).collect()))
        }),
        method => Err(Failure::new(
            ErrorCode::MethodNotFound,
            format!("gloss does not answer `{method}`"),
        )),
    }
}

pub fn notification(session: &mut Session, notification: Notification) -> Result<(), Failure> {
    let params = notification.params;
    match notification.method.as_str() {
        note::Initialized::METHOD => {
            watch_files(session);
            Ok(())
        }
        note::DidOpenTextDocument::METHOD => {
            let p = decode::<lsp_types::DidOpenTextDocumentParams>(params)?;
            let doc = p.text_document;
            (session
                .workspace
                .open(doc.uri.clone(), doc.version, doc.text))
            .map_err(|_| outside(&doc.uri))?;
            session.touch(&doc.uri);
            Ok(())
        }
        note::DidChangeTextDocument::METHOD => {
            let p = decode::<lsp_types::DidChangeTextDocumentParams>(params)?;
            let doc = p.text_document;
            (session
                .workspace
                .change(&doc.uri, doc.version, p.content_changes))
            .map_err(|_| outside(&doc.uri))?;
            session.touch(&doc.uri);
            Ok(())
        }
        note::DidCloseTextDocument::METHOD => {
            let p = decode::<lsp_types::DidCloseTextDocumentParams>(params)?;
            // Its file is read from disk again, and its diagnostics follow.
            session.workspace.close(&p.text_document.uri);
            Ok(())
        }
        note::DidChangeWatchedFiles::METHOD => {
            let p = decode::<lsp_types::DidChangeWatchedFilesParams>(params)?;
            let paths = (p.changes.into_iter()).filter_map(|c| c.uri.to_file_path().ok());
            session.workspace.disk_changed(paths);
            Ok(())
        }
        // Saving changes nothing: the text was read as typed.
        note::DidSaveTextDocument::METHOD | note::Cancel::METHOD | note::SetTrace::METHOD => Ok(()),
        method => Err(Failure::new(
            ErrorCode::MethodNotFound,
            format!("ignored the unknown notification `{method}`"),
        )),
    }
}

/// Decodes the parameters of request `R`, calls `f`, encodes its result.
fn answer<R: req::Request>(
    params: Value,
    f: impl FnOnce(R::Params) -> Result<R::Result, Failure>,
) -> Result<Value, Failure>
where
    R::Params: DeserializeOwned,
{
    let result = f(decode(params)?)?;
    serde_json::to_value(result)
        .map_err(|err| Failure::new(ErrorCode::InternalError, err.to_string()))
}

fn decode<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|err| {
        Failure::new(
            ErrorCode::InvalidParams,
            format!("invalid parameters: {err}"),
        )
    })
}

fn outside(uri: &Url) -> Failure {
    Failure::new(
        ErrorCode::InvalidParams,
        format!("{uri} is not a file of the site that gloss serves"),
    )
}

/// The open document at `uri`: requests are about what the editor shows.
fn document<'s>(session: &'s Session, uri: &Url) -> Result<&'s Document, Failure> {
    let workspace = &session.workspace;
    match workspace.documents.get(uri) {
        Some(document) => Ok(document),
        None if super::documents::site_path(&workspace.root, uri).is_some() => Err(Failure::new(
            ErrorCode::InvalidParams,
            format!("{uri} is not open: send `textDocument/didOpen` first"),
        )),
        None => Err(outside(uri)),
    }
}

fn focus<'s>(session: &'s Session, at: &TextDocumentPositionParams) -> Result<Focus<'s>, Failure> {
    let document = document(session, &at.text_document.uri)?;
    let offset = LineIndex::new(&document.text).offset(at.position);
    Ok(Focus::new(document, session.workspace.snapshot(), offset))
}

/// Asks the editor to report changes on disk to the site's files, when it
/// can watch files for a session.
fn watch_files(session: &mut Session) {
    let dynamic = (session.client.workspace.as_ref())
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if !dynamic {
        return;
    }
    let globs = [
        "**/content/**",
        "**/templates/**",
        "**/static/**",
        "**/site.yaml",
        "**/published-urls.txt",
    ];
    let watchers = (globs.iter())
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String(g.to_string()),
            kind: None,
        })
        .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    session.ask::<req::RegisterCapability>(RegistrationParams {
        registrations: vec![Registration {
            id: "gloss-watch".into(),
            method: note::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        }],
    });
}
