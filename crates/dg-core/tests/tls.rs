//! TLS is always verified: a loopback HTTPS server with a self-signed certificate (valid for
//! its name, trusted by nobody) is refused during the handshake, before a request is sent.
//! The same server completes a handshake with a client that trusts its certificate, so the
//! refusal is the verification and not a broken server.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dg_core::{Client, ClientConfig, CreateKeyRequest, ErrorKind, ListenOptions, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ClientConfig as TlsClientConfig, RootCertStore, ServerConfig};
use tokio_rustls::{TlsAcceptor, TlsConnector};

const KEY: &str = "tls-canary-0123456789abcdef0123456789";
const ANSWER: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"projects\":[]}";

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

struct SelfSigned {
    port: u16,
    cert: CertificateDer<'static>,
    /// HTTP requests read after a completed handshake.
    requests: Arc<AtomicUsize>,
}

async fn self_signed_server() -> SelfSigned {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let cert = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = tls.write_all(ANSWER).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    SelfSigned {
        port,
        cert,
        requests,
    }
}

fn client(base_url: &str) -> Client {
    let config = ClientConfig::builder()
        .base_url(base_url)
        .api_key(KEY)
        .retry_policy(RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
        })
        .build()
        .unwrap();
    Client::with_config(config).unwrap()
}

#[tokio::test]
async fn a_self_signed_server_is_refused_before_any_request() {
    let server = self_signed_server().await;
    for host in ["127.0.0.1", "localhost"] {
        let c = client(&format!("https://{host}:{}", server.port));
        let errors = [
            c.list_projects().await.unwrap_err(),
            c.transcribe_bytes(vec![1u8; 1024], None, &ListenOptions::default())
                .await
                .unwrap_err(),
            c.create_key("p", &CreateKeyRequest::new("c", ["member"]))
                .await
                .unwrap_err(),
        ];
        for err in errors {
            assert_eq!(err.kind(), ErrorKind::Network, "{host}: {err}");
            assert!(!err.request_sent(), "{err}");
            let text = err.to_string();
            assert!(text.contains("certificate"), "names the cause: {text}");
            let printed = format!("{text} {err:?}");
            assert!(!printed.contains(KEY), "{printed}");
        }
    }
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        0,
        "nothing was sent"
    );
}

/// The control: trusting the certificate, the same server answers.
#[tokio::test]
async fn the_same_server_answers_a_client_that_trusts_its_certificate() {
    let server = self_signed_server().await;
    let mut roots = RootCertStore::empty();
    roots.add(server.cert.clone()).unwrap();
    let config = TlsClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = TcpStream::connect(("127.0.0.1", server.port))
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .unwrap();
    tls.write_all(b"GET /v1/projects HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer).await;
    assert!(answer.starts_with(b"HTTP/1.1 200 OK"));
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
}
