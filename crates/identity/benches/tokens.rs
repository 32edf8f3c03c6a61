//! Token throughput: signing and verifying an access token in process, on one
//! core. Target: verification under 100 µs. Run with `make bench-identity`.

use criterion::{Criterion, criterion_group, criterion_main};
use identity::domain::keys::KeyRing;
use kit::auth::JwtVerifier;
use serde_json::json;

fn tokens(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("feira-bench-keys-{}", uuid::Uuid::now_v7()));
    let keys = KeyRing::open(&dir, true, std::time::Duration::ZERO).expect("a key ring");
    let verifier = JwtVerifier::fixed("https://bench.test", "feira", &keys.jwks());
    let now = kit::Timestamp::now().unix_seconds();
    let claims = json!({
        "sub": uuid::Uuid::now_v7().to_string(), "email": "bench@example.com",
        "roles": ["customer", "admin"], "iss": "https://bench.test", "aud": "feira",
        "iat": now, "exp": now + 900, "jti": uuid::Uuid::now_v7().to_string(),
    });
    let token = keys.sign(&claims).expect("sign");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");

    c.bench_function("sign access token (EdDSA)", |b| {
        b.iter(|| keys.sign(&claims).expect("sign"))
    });
    c.bench_function("verify access token (EdDSA)", |b| {
        b.iter(|| runtime.block_on(verifier.verify(&token)).expect("valid"))
    });
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, tokens);
criterion_main!(benches);
