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
/// without disturbing other tests.
pub struct TcpProxy {
    pub port: u16,
    connections: Arc<std::sync::Mutex<tokio::task::JoinSet<()>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    /// Listens on 127.0.0.1:`port` (0: any free port) and forwards to `target`
    /// (`host:port`).
    pub async fn start(port: u16, target: &str) -> Self {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind the test proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let connections = Arc::new(std::sync::Mutex::new(tokio::task::JoinSet::new()));
        let (set, target) = (connections.clone(), target.to_owned());
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                set.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .spawn(async move {
                        if let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await {
                            let _ =
                                tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                        }
                    });
            }
        });
        Self {
            port,
            connections,
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
