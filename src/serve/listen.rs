//! Accepting connections. hyper's HTTP/1 server is driven directly rather than
//! through `axum::serve`, because only hyper's own builder can bound the
//! request head; a preview left open on a laptop should not hold 400 KiB per
//! connection for anyone who sends an endless header.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Request line and headers together; more gets 431.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// More header fields than this gets 431.
pub const MAX_HEADERS: usize = 100;
/// A client that takes longer to send its head is disconnected (slow-loris).
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long open requests may finish after the stop signal.
const GRACE: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stop` completes, then lets open requests
/// finish for a moment and returns.
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEAD_BYTES)
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT);
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors and the like: pause instead of
                    // spinning, as axum::serve does; a client's reset is not ours.
                    if !is_connection_error(&err) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that hangs up or sends garbage ends only its own connection.
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, graceful.shutdown()).await;
}

fn is_connection_error(err: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        err.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}
