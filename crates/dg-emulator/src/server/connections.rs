//! Accepting connections and running each request: faults first, then the route, then
//! draining what is left of the body so the client can read the answer.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http::Request;
use http::header::{CONNECTION, HeaderValue};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::handlers::{Shared, controls};
use crate::http::body;
use crate::http::reply::Reply;
use crate::server::routes;
use crate::state::faults::{self, FaultAction};

/// How much more than the upload limit is read (and discarded) after an answer is ready, so
/// a client that sent too much still reads the 413 instead of a reset connection.
const DRAIN_SLACK: u64 = 64 * 1024 * 1024;

/// Serves until `shutdown`, then closes every connection.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, shutdown: CancellationToken) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, Arc::clone(&shared)));
                }
                // Out of file descriptors and the like: give connections a moment to close.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    // Small JSON answers should not wait for Nagle.
    let _ = stream.set_nodelay(true);
    serve_connection(stream, shared, &http1::Builder::new()).await;
}

/// Answers the requests of one connection (a socket, or an in-memory pipe) until it closes.
pub(crate) async fn serve_connection<I>(io: I, shared: Arc<Shared>, http: &http1::Builder)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    // Cancelled by a fault that drops the connection: dropping the connection future closes
    // the socket without an answer.
    let hang_up = CancellationToken::new();
    let service = {
        let hang_up = hang_up.clone();
        service_fn(move |request| {
            let shared = Arc::clone(&shared);
            let hang_up = hang_up.clone();
            async move { Ok::<_, Infallible>(handle(request, &shared, &hang_up).await) }
        })
    };
    let serving = http
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    tokio::select! {
        _ = serving => {}
        () = hang_up.cancelled() => {}
    }
}

async fn handle(request: Request<Incoming>, shared: &Shared, hang_up: &CancellationToken) -> Reply {
    let request_id = Uuid::new_v4().to_string();
    let (mut parts, mut body) = request.into_parts();
    let fault = if parts.uri.path().starts_with(controls::PREFIX) {
        None
    } else {
        shared.stats.request();
        shared.faults.take(parts.uri.path())
    };
    let mut lose_answer = false;
    let reply = match fault {
        Some(FaultAction::DropConnection) => return hang_up_now(hang_up).await,
        Some(FaultAction::Status {
            status,
            body: text,
            retry_after,
        }) => faults::status_answer(status, text, retry_after, &request_id),
        Some(FaultAction::Error(error)) => faults::error_answer(error, &request_id),
        Some(FaultAction::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            routes::route(&parts, &mut body, shared, &request_id).await
        }
        Some(
            live @ (FaultAction::CutLiveStream { .. }
            | FaultAction::CutLiveStreamAfterMessages { .. }
            | FaultAction::DelayLiveResults(_)),
        ) => {
            // For the live handlers, which apply it to the stream the request opens.
            parts.extensions.insert(live);
            routes::route(&parts, &mut body, shared, &request_id).await
        }
        Some(FaultAction::DropAfterBody) => {
            lose_answer = true;
            routes::route(&parts, &mut body, shared, &request_id).await
        }
        None => routes::route(&parts, &mut body, shared, &request_id).await,
    };
    let drained = body::drain(
        &mut body,
        shared.max_upload_bytes.saturating_add(DRAIN_SLACK),
    )
    .await;
    if lose_answer {
        return hang_up_now(hang_up).await;
    }
    finish(reply, &request_id, drained)
}

fn finish(mut reply: Reply, request_id: &str, drained: bool) -> Reply {
    let headers = reply.headers_mut();
    headers.insert(
        "dg-request-id",
        HeaderValue::from_str(request_id).expect("a UUID is a valid header value"),
    );
    if !drained {
        // The client is still sending a body we will not read.
        headers.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    reply
}

/// Closes the connection; the request never gets an answer.
async fn hang_up_now(hang_up: &CancellationToken) -> Reply {
    hang_up.cancel();
    std::future::pending().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::reply;

    #[test]
    fn every_answer_carries_its_request_id() {
        let reply = finish(reply::json(http::StatusCode::OK, &"ok"), "abc", true);
        assert_eq!(reply.headers()["dg-request-id"], "abc");
        assert!(reply.headers().get(CONNECTION).is_none());
        let reply = finish(reply::json(http::StatusCode::OK, &"ok"), "abc", false);
        assert_eq!(reply.headers()[CONNECTION], "close");
    }
}
