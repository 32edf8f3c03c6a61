//! Test servers on loopback: a router on port 0, a TCP proxy that can cut
//! connections, a port nothing listens on.

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

/// Serves `router` on an ephemeral port of 127.0.0.1 and returns its address.
/// Every answer is checked against the router's own `/openapi.json`
/// ([`super::conformance`]): a test that provokes an undocumented answer fails.
pub async fn spawn(router: Router) -> SocketAddr {
    let router = super::conformance::checked(router).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind an ephemeral port for the test server");
    let addr = listener.local_addr().expect("read the test server address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .expect("test server failed");
    });
    addr
}

/// A TCP proxy a test controls: forwards connections to `target` and can cut
/// them all at once, to simulate a network failure towards one backend
/// without disturbing other tests; or hold the answers back ([`stall`]), as
/// a stalled link or a blocked server would. In front of several targets
/// ([`balance`]) it spreads connections over them, as a cluster's Service
/// does: each new one goes to the next target, or the one after when that
/// one does not accept.
///
/// [`stall`]: TcpProxy::stall
/// [`balance`]: TcpProxy::balance
pub struct TcpProxy {
    pub port: u16,
    connections: Arc<std::sync::Mutex<tokio::task::JoinSet<()>>>,
    answering: Arc<tokio::sync::watch::Sender<bool>>,
    accept: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// Listens on 127.0.0.1:`port` (0: any free port) and forwards to `target`
    /// (`host:port`).
    pub async fn start(port: u16, target: &str) -> Self {
        Self::balance(port, &[target.to_owned()]).await
    }

    /// Listens on 127.0.0.1:`port` (0: any free port) and spreads connections
    /// over `targets` (`host:port` each).
    pub async fn balance(port: u16, targets: &[String]) -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the test proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let connections = Arc::new(std::sync::Mutex::new(tokio::task::JoinSet::new()));
        let answering = Arc::new(tokio::sync::watch::Sender::new(true));
        let (set, targets, flag) = (connections.clone(), targets.to_vec(), answering.clone());
        let accept = tokio::spawn(async move {
            let mut next = 0usize;
            while let Ok((inbound, _)) = listener.accept().await {
                let (first, targets, answering) = (next, targets.clone(), flag.subscribe());
                next = next.wrapping_add(1);
                set.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .spawn(async move {
                        for i in 0..targets.len() {
                            let target = &targets[(first + i) % targets.len()];
                            if let Ok(outbound) = tokio::net::TcpStream::connect(target).await {
                                pipe(inbound, outbound, answering).await;
                                return;
                            }
                        }
                    });
            }
        });
        Self {
            port,
            connections,
            answering,
            accept,
        }
    }

    /// Drops every open connection (new ones are still accepted).
    pub fn cut(&self) {
        self.connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .abort_all();
    }

    /// While `stalled`, requests still reach the target but its answers are
    /// held back; they flow again, in order, once it is `false`.
    pub fn stall(&self, stalled: bool) {
        self.answering.send_replace(!stalled);
    }
}

/// Copies both ways, holding the answers back while `answering` is false.
async fn pipe(
    mut inbound: tokio::net::TcpStream,
    mut outbound: tokio::net::TcpStream,
    mut answering: tokio::sync::watch::Receiver<bool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut client_read, mut client_write) = inbound.split();
    let (mut server_read, mut server_write) = outbound.split();
    let requests = async {
        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
        let _ = server_write.shutdown().await;
    };
    let answers = async {
        let mut buffer = [0u8; 8192];
        while let Ok(n) = server_read.read(&mut buffer).await {
            if n == 0 || answering.wait_for(|on| *on).await.is_err() {
                break;
            }
            if client_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_write.shutdown().await;
    };
    tokio::join!(requests, answers);
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}
