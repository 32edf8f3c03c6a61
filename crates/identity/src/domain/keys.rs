//! The signing keys: Ed25519 (JWT `alg` EdDSA), one PKCS#8 PEM file per key in a
//! folder. Every key in the folder is published in the JWKS; the newest key
//! signs once it has been published for the activation delay (so verifiers that
//! cache the JWKS have had time to learn it), and the keys before it stay
//! published so tokens they signed keep working: a rotation logs nobody out. In embedded mode the folder is under the
//! data directory and a key is generated on first start; in distributed mode it
//! is a mounted secret and the service refuses to start without a key.

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Keys kept in the folder: the newest (perhaps still waiting to sign), the one
/// signing now, and the one before it.
pub const KEPT: usize = 3;

const PEM_LABEL: &str = "PRIVATE KEY";

/// One signing key.
pub struct SigningKey {
    /// RFC 7638 thumbprint of the public key.
    pub kid: String,
    /// When the key file was written (its modification time).
    pub created: std::time::SystemTime,
    /// The public key, base64url (the JWK's `x`).
    pub x: String,
    encoding: EncodingKey,
}

impl SigningKey {
    fn from_pkcs8(der: &[u8], created: std::time::SystemTime) -> anyhow::Result<Self> {
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
            .map_err(|e| anyhow::anyhow!("not an Ed25519 PKCS#8 key: {e}"))?;
        let x = URL_SAFE_NO_PAD.encode(pair.public_key().as_ref());
        let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            canonical.as_bytes(),
        ));
        Ok(Self {
            kid,
            created,
            x,
            encoding: EncodingKey::from_ed_der(der),
        })
    }
}

struct Loaded {
    /// Newest first.
    keys: Vec<SigningKey>,
    files: Vec<PathBuf>,
}

/// The signing keys of a folder, reloadable while the service runs.
pub struct KeyRing {
    dir: PathBuf,
    activation: std::time::Duration,
    loaded: RwLock<Arc<Loaded>>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// Loads the keys in `dir`. With `generate`, an empty or missing folder gets a
    /// first key; without, it is an error that says how to make one. A new key
    /// signs `activation` after it was written (zero when every verifier learns
    /// keys directly, as in embedded mode).
    pub fn open(
        dir: &Path,
        generate: bool,
        activation: std::time::Duration,
    ) -> anyhow::Result<Self> {
        if key_files(dir)?.is_empty() {
            if !generate {
                bail!(
                    "no signing key in {}: create one with `feira keys rotate --dir {}` and mount it there",
                    dir.display(),
                    dir.display()
                );
            }
            rotate(dir)?;
            tracing::info!(dir = %dir.display(), "generated the first signing key");
        }
        let loaded = load(dir)?;
        Ok(Self {
            dir: dir.to_owned(),
            activation,
            loaded: RwLock::new(Arc::new(loaded)),
        })
    }

    /// Rereads the folder; `true` when the set of keys changed.
    pub fn reload(&self) -> anyhow::Result<bool> {
        let files = key_files(&self.dir)?;
        if files == self.current().files {
            return Ok(false);
        }
        let loaded = load(&self.dir)?;
        *self.loaded.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(loaded);
        Ok(true)
    }

    fn current(&self) -> Arc<Loaded> {
        self.loaded
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The newest key that is active (published for the activation delay); the
    /// oldest key when none is yet.
    fn signing(&self, loaded: &Loaded) -> usize {
        let now = std::time::SystemTime::now();
        loaded
            .keys
            .iter()
            .position(|k| k.created + self.activation <= now)
            .unwrap_or(loaded.keys.len() - 1)
    }

    /// The `kid` of the key that signs now.
    pub fn current_kid(&self) -> String {
        let loaded = self.current();
        loaded.keys[self.signing(&loaded)].kid.clone()
    }

    /// Signs `claims` as a JWT with the current key (`typ` `at+jwt`, RFC 9068).
    pub fn sign<T: Serialize>(&self, claims: &T) -> anyhow::Result<String> {
        self.sign_typed(claims, "at+jwt")
    }

    /// Signs `claims` with the current key and `typ` in the header.
    pub fn sign_typed<T: Serialize>(&self, claims: &T, typ: &str) -> anyhow::Result<String> {
        let loaded = self.current();
        let key = &loaded.keys[self.signing(&loaded)];
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid.clone());
        header.typ = Some(typ.to_owned());
        jsonwebtoken::encode(&header, claims, &key.encoding).context("sign a token")
    }

    /// The published public keys as a JWK set.
    pub fn jwks(&self) -> JwkSet {
        let keys: Vec<serde_json::Value> = self
            .current()
            .keys
            .iter()
            .map(|k| {
                serde_json::json!({
                    "kty": "OKP", "crv": "Ed25519", "x": k.x,
                    "kid": k.kid, "alg": "EdDSA", "use": "sig",
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({ "keys": keys }))
            .expect("a JWK set built from valid keys")
    }
}

/// Generates a new key in `dir` (created if missing, the folder and the files
/// readable by the owner only), published from the next reload and signing
/// once active; keys older than the [`KEPT`] newest are deleted. Returns the
/// new key's `kid`.
pub fn rotate(dir: &Path) -> anyhow::Result<String> {
    let mut folder = std::fs::DirBuilder::new();
    folder.recursive(true);
    std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
    folder
        .create(dir)
        .with_context(|| format!("create {}", dir.display()))?;
    let document = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
        .map_err(|_| anyhow::anyhow!("generate an Ed25519 key"))?;
    let key = SigningKey::from_pkcs8(document.as_ref(), std::time::SystemTime::now())?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let path = dir.join(format!("{nanos:020}.pem"));
    write_private(&path, &pem(document.as_ref()))?;
    let files = key_files(dir)?;
    for old in files.iter().skip(KEPT) {
        std::fs::remove_file(old).with_context(|| format!("remove {}", old.display()))?;
    }
    Ok(key.kid)
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("create {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// `*.pem` files of `dir`, newest (greatest name) first.
fn key_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    files.sort();
    files.reverse();
    Ok(files)
}

fn load(dir: &Path) -> anyhow::Result<Loaded> {
    let files = key_files(dir)?;
    let mut keys = Vec::new();
    for path in &files {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
        let der = unpem(&text).with_context(|| format!("parse {}", path.display()))?;
        let created = std::fs::metadata(path)?.modified()?;
        keys.push(
            SigningKey::from_pkcs8(&der, created)
                .with_context(|| format!("load {}", path.display()))?,
        );
    }
    if keys.is_empty() {
        bail!("no signing key in {}", dir.display());
    }
    Ok(Loaded { keys, files })
}

fn pem(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "-----BEGIN {PEM_LABEL}-----\n{}\n-----END {PEM_LABEL}-----\n",
        lines.join("\n")
    )
}

fn unpem(text: &str) -> anyhow::Result<Vec<u8>> {
    let begin = format!("-----BEGIN {PEM_LABEL}-----");
    let end = format!("-----END {PEM_LABEL}-----");
    let start = text.find(&begin).context("no BEGIN PRIVATE KEY line")? + begin.len();
    let stop = text.find(&end).context("no END PRIVATE KEY line")?;
    let body: String = text[start..stop].split_whitespace().collect();
    STANDARD.decode(body).context("the key is not valid base64")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kit::auth::JwtVerifier;
    use std::time::Duration;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("feira-keys-{}", uuid::Uuid::now_v7()))
    }

    #[derive(Serialize)]
    struct Claims {
        sub: &'static str,
        iss: &'static str,
        aud: &'static str,
        exp: i64,
    }

    fn claims() -> Claims {
        Claims {
            sub: "u1",
            iss: "https://id.test",
            aud: "feira",
            exp: kit::Timestamp::now().unix_seconds() + 60,
        }
    }

    #[tokio::test]
    async fn rotation_keeps_tokens_of_the_previous_key_valid() {
        let dir = temp_dir();
        assert!(
            KeyRing::open(&dir, false, Duration::ZERO).is_err(),
            "no key and no generation"
        );
        let ring = KeyRing::open(&dir, true, Duration::ZERO).unwrap();
        let old_token = ring.sign(&claims()).unwrap();
        let old_kid = ring.current_kid();

        let new_kid = rotate(&dir).unwrap();
        assert!(ring.reload().unwrap());
        assert!(!ring.reload().unwrap(), "nothing changed the second time");
        assert_eq!(ring.current_kid(), new_kid);
        let jwks = ring.jwks();
        let kids: Vec<_> = jwks
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.clone())
            .collect();
        assert_eq!(kids, [new_kid.clone(), old_kid.clone()]);

        let verifier = JwtVerifier::fixed("https://id.test", "feira", &jwks);
        let new_token = ring.sign(&claims()).unwrap();
        assert!(verifier.verify(&old_token).await.is_ok());
        assert!(verifier.verify(&new_token).await.is_ok());
        let header = jsonwebtoken::decode_header(&new_token).unwrap();
        assert_eq!(
            (header.alg, header.kid.as_deref()),
            (Algorithm::EdDSA, Some(new_kid.as_str()))
        );

        // Two more keys retire the first: its tokens no longer verify.
        rotate(&dir).unwrap();
        rotate(&dir).unwrap();
        ring.reload().unwrap();
        verifier.replace_keys(&ring.jwks()).await;
        assert!(verifier.verify(&old_token).await.is_err());
        assert!(verifier.verify(&new_token).await.is_ok());
        assert_eq!(key_files(&dir).unwrap().len(), KEPT);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_new_key_is_published_at_once_but_signs_only_once_active() {
        let dir = temp_dir();
        let ring = KeyRing::open(&dir, true, Duration::from_secs(3600)).unwrap();
        let first = ring.current_kid();
        let second = rotate(&dir).unwrap();
        ring.reload().unwrap();
        let kids: Vec<_> = ring
            .jwks()
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.clone())
            .collect();
        assert_eq!(kids, [second, first.clone()]);
        assert_eq!(
            ring.current_kid(),
            first,
            "the new key waits for its activation"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn key_files_are_private_pem() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir();
        rotate(&dir).unwrap();
        let file = &key_files(&dir).unwrap()[0];
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let mode = std::fs::metadata(file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(format!("{:o}", mode & 0o777), "700", "the key folder");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
