//! A blocking producer of audio (a `std::io::Read`, a Python file object, ...) as a
//! [`ByteStream`]: read on a helper thread a few chunks ahead of the upload, so memory stays
//! bounded however large the audio and however slow the connection.

use bytes::Bytes;

use super::ByteStream;

/// How many chunks the helper thread may read ahead of the upload.
const READ_AHEAD: usize = 2;

/// Streams what `next` yields, called on a helper thread until it returns `Ok(None)` (the
/// end) or an error (the stream's last item). Empty chunks are skipped. The thread also stops
/// as soon as the stream is dropped (a cancelled or failed request), dropping `next`; it is
/// not joined, since a producer may block forever. A thread that cannot start is the stream's
/// one item, an error.
pub fn pump<F>(mut next: F) -> ByteStream
where
    F: FnMut() -> std::io::Result<Option<Bytes>> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(READ_AHEAD);
    let started = std::thread::Builder::new()
        .name("dg-audio-pump".into())
        .spawn(move || {
            loop {
                let item = match next() {
                    Ok(Some(chunk)) if chunk.is_empty() => continue,
                    Ok(Some(chunk)) => Ok(chunk),
                    Ok(None) => return,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let failed = item.is_err();
                if tx.blocking_send(item).is_err() || failed {
                    return;
                }
            }
        });
    if let Err(e) = started {
        return Box::pin(futures_util::stream::once(async move { Err(e) }));
    }
    Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
}

/// The chunks of a reader, up to [`super::FILE_CHUNK`] bytes each.
pub fn read_chunks(
    mut reader: impl std::io::Read + Send + 'static,
) -> impl FnMut() -> std::io::Result<Option<Bytes>> + Send + 'static {
    move || {
        let mut buf = vec![0u8; super::FILE_CHUNK];
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some(Bytes::from(buf)))
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;

    use super::*;

    #[tokio::test]
    async fn every_chunk_arrives_in_order_and_the_error_ends_the_stream() {
        let mut items = vec![
            Ok(Some(Bytes::from_static(b"ab"))),
            Ok(Some(Bytes::new())),
            Err(std::io::Error::from(std::io::ErrorKind::Interrupted)),
            Ok(Some(Bytes::from_static(b"cd"))),
            Err(std::io::Error::other("broken")),
            Ok(Some(Bytes::from_static(b"never"))),
        ]
        .into_iter();
        let stream = pump(move || items.next().unwrap_or(Ok(None)));
        let got: Vec<_> = stream.collect().await;
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap(), &Bytes::from_static(b"ab"));
        assert_eq!(got[1].as_ref().unwrap(), &Bytes::from_static(b"cd"));
        assert_eq!(got[2].as_ref().unwrap_err().to_string(), "broken");
    }

    #[tokio::test]
    async fn the_producer_stops_when_the_stream_is_dropped() {
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = calls.clone();
        let stream = pump(move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Some(Bytes::from_static(b"x")))
        });
        drop(stream);
        std::thread::sleep(std::time::Duration::from_millis(100));
        let after_drop = calls.load(std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(100));
        // Bounded read-ahead: at most the channel's capacity plus the item being sent.
        assert!(after_drop <= READ_AHEAD + 2, "{after_drop} reads");
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), after_drop);
    }
}
