//! A minimal SMTP server for tests.

use std::sync::Arc;

/// A minimal SMTP server for tests: accepts every message (or, while
/// `refuse` is set, answers `MAIL FROM` with that reply) and keeps each
/// message's DATA. Real SMTP over TCP, so the client under test is exercised.
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<std::sync::Mutex<Vec<(std::time::Instant, String)>>>,
    refuse: Arc<std::sync::Mutex<Option<String>>>,
}

impl SmtpSink {
    /// Listens on an ephemeral port of 127.0.0.1.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let port = listener.local_addr().expect("the sink's address").port();
        let messages = Arc::new(std::sync::Mutex::new(Vec::new()));
        let refuse = Arc::new(std::sync::Mutex::new(None));
        let (m, r) = (messages.clone(), refuse.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(smtp_session(socket, m.clone(), r.clone()));
            }
        });
        Self {
            port,
            messages,
            refuse,
        }
    }

    /// The messages received so far (headers and body, as sent).
    pub fn messages(&self) -> Vec<String> {
        self.received().into_iter().map(|(_, m)| m).collect()
    }

    /// The messages with when each was accepted, for benchmarks.
    pub fn received(&self) -> Vec<(std::time::Instant, String)> {
        self.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Answers `MAIL FROM` with `reply` (such as `451 try later`) until `None`.
    pub fn refuse(&self, reply: Option<&str>) {
        *self.refuse.lock().unwrap_or_else(|e| e.into_inner()) = reply.map(str::to_owned);
    }
}

/// The token after `marker` (such as `/verify-email#token=`) in an email's
/// link, with quoted-printable soft breaks and `=3D` undone.
pub fn link_token(mail: &str, marker: &str) -> String {
    let text = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = text.find(marker).expect("a link in the email") + marker.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .collect()
}

async fn smtp_session(
    socket: tokio::net::TcpStream,
    messages: Arc<std::sync::Mutex<Vec<(std::time::Instant, String)>>>,
    refuse: Arc<std::sync::Mutex<Option<String>>>,
) -> std::io::Result<()> {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await?;
    while let Some(line) = lines.next_line().await? {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" => "250-sink\r\n250 8BITMIME\r\n".to_owned(),
            "HELO" | "RCPT" | "RSET" | "NOOP" => "250 OK\r\n".to_owned(),
            "MAIL" => match refuse.lock().unwrap_or_else(|e| e.into_inner()).clone() {
                Some(reply) => format!("{reply}\r\n"),
                None => "250 OK\r\n".to_owned(),
            },
            "DATA" => {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push('\n');
                }
                messages
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((std::time::Instant::now(), data));
                "250 queued\r\n".to_owned()
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => "502 not implemented\r\n".to_owned(),
        };
        write.write_all(reply.as_bytes()).await?;
    }
    Ok(())
}
