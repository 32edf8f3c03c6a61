//! The identity store contract: one suite, run unchanged on SQLite (always) and
//! PostgreSQL (ignored unless asked for, as `make test` does when it has one;
//! then it needs `FEIRA_TEST_POSTGRES_URL`), each test on its own database.

use identity::domain::links::{IssuedLink, Purpose};
use identity::domain::sessions::{Device, SessionRecord};
use identity::domain::tokens::{RefreshRecord, issue_refresh};
use identity::domain::{AddressInput, Email, FamilyId, User, UserId};
use identity::store::sql::SqlIdentityStore;
use identity::store::{
    AccountChange, LinkRepository, RefreshTokenRepository, SessionRepository, StoreError,
    UserQuery, UserRepository,
};
use kit::Timestamp;
use kit::pagination::PageRequest;
use kit::testing::{TempSqlite, TestDatabase};
use std::time::Duration;

/// A fresh, empty store; a PostgreSQL one on a database of its own.
struct Backend {
    store: SqlIdentityStore,
    _database: Option<TestDatabase>,
    _file: Option<TempSqlite>,
}

impl kit::testing::ContractBackend for Backend {
    /// Closes the pool before its database or file goes away.
    async fn cleanup(self) {
        self.store.close().await;
    }
}

impl Backend {
    async fn sqlite() -> Self {
        let file = TempSqlite::new("feira-identity");
        Self {
            store: SqlIdentityStore::open_sqlite(&file.path).await.unwrap(),
            _database: None,
            _file: Some(file),
        }
    }

    async fn postgres() -> Self {
        let server = kit::testing::Backend::Postgres.url();
        let database = TestDatabase::create(&server).await;
        Self {
            store: SqlIdentityStore::connect_postgres(&database.url, 4)
                .await
                .unwrap(),
            _database: Some(database),
            _file: None,
        }
    }
}

kit::contract_suite! {
    threads: 4,
    backends: {
        sqlite => Backend::sqlite(),
        #[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
        postgres => Backend::postgres(),
    },
    call: |backend| &backend.store,
    tests: [
        insert_then_find_by_id_and_email,
        duplicate_email_is_refused,
        update_is_guarded_by_version,
        search_filters_pages_and_counts,
        search_treats_like_wildcards_literally,
        refresh_rotation_happens_once,
        revoking_a_family_or_a_user,
        an_account_change_writes_its_link_and_events_together,
        a_followed_link_works_once_and_ends_its_older_siblings,
        a_failed_account_change_writes_nothing,
        sessions_keep_their_start_and_list_only_live_logins,
    ],
}

fn user(email: &str, name: &str) -> User {
    User::new(
        Email::parse(email, "email").unwrap(),
        name.to_owned(),
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
        Timestamp::now(),
    )
}

fn refresh(user: &User, family: FamilyId) -> RefreshRecord {
    issue_refresh(user.id, family, Timestamp::now(), Duration::from_secs(3600)).record
}

async fn insert_then_find_by_id_and_email(store: &SqlIdentityStore) {
    let mut u = user("ana@example.com", "Ana");
    u.profile.phone = Some("+351912345678".into());
    u.profile
        .add_address(AddressInput {
            recipient: Some("Ana".into()),
            line1: Some("Rua Augusta 1".into()),
            city: Some("Lisboa".into()),
            postal_code: Some("1100-048".into()),
            country: Some("PT".into()),
            ..Default::default()
        })
        .unwrap();
    UserRepository::insert(store, &u).await.unwrap();
    assert_eq!(store.by_id(u.id).await.unwrap().as_ref(), Some(&u));
    let email = Email::parse("ANA@example.com", "email").unwrap();
    assert_eq!(store.by_email(&email).await.unwrap().as_ref(), Some(&u));
    assert_eq!(store.by_id(UserId::generate()).await.unwrap(), None);
    store.ping().await.unwrap();
}

async fn duplicate_email_is_refused(store: &SqlIdentityStore) {
    UserRepository::insert(store, &user("bo@example.com", "Bo"))
        .await
        .unwrap();
    let again = user("BO@example.com", "Other Bo");
    let err = UserRepository::insert(store, &again).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Duplicate { field: "email" }),
        "{err:?}"
    );
    assert_eq!(store.by_id(again.id).await.unwrap(), None);
}

async fn update_is_guarded_by_version(store: &SqlIdentityStore) {
    let u = user("cy@example.com", "Cy");
    UserRepository::insert(store, &u).await.unwrap();
    let mut first = u.clone();
    first.name = "Cy First".into();
    first.version += 1;
    store.update(&first).await.unwrap();
    let mut stale = u.clone();
    stale.name = "Cy Stale".into();
    stale.version += 1;
    assert!(matches!(
        store.update(&stale).await,
        Err(StoreError::VersionConflict)
    ));
    assert_eq!(store.by_id(u.id).await.unwrap().unwrap().name, "Cy First");
    let mut ghost = user("ghost@example.com", "Ghost");
    ghost.version += 1;
    assert!(matches!(
        store.update(&ghost).await,
        Err(StoreError::NotFound)
    ));
}

async fn search_filters_pages_and_counts(store: &SqlIdentityStore) {
    for i in 0..5 {
        let mut u = user(&format!("user{i}@shop.example"), &format!("Shopper {i}"));
        if i % 2 == 0 {
            u.set_admin(true);
        }
        UserRepository::insert(store, &u).await.unwrap();
    }
    UserRepository::insert(store, &user("zed@other.example", "Zed"))
        .await
        .unwrap();
    let page = PageRequest::parse(Some(1), Some(2)).unwrap();
    let all = UserQuery::default();
    let (first, total) = store.search(&all, page).await.unwrap();
    assert_eq!((first.len(), total), (2, 6));
    assert_eq!(first[0].email.as_str(), "zed@other.example", "newest first");
    let text = UserQuery {
        text: Some("SHOPPER".into()),
        admins_only: false,
    };
    let (_, total) = store.search(&text, PageRequest::default()).await.unwrap();
    assert_eq!(total, 5);
    let admins = UserQuery {
        text: Some("shop".into()),
        admins_only: true,
    };
    let (found, total) = store.search(&admins, PageRequest::default()).await.unwrap();
    assert_eq!(total, 3);
    assert!(
        found
            .iter()
            .all(|u| u.has_role(identity::domain::Role::Admin))
    );
    let last = PageRequest::parse(Some(3), Some(2)).unwrap();
    let (rest, _) = store.search(&all, last).await.unwrap();
    assert_eq!(rest.len(), 2);
}

async fn search_treats_like_wildcards_literally(store: &SqlIdentityStore) {
    UserRepository::insert(store, &user("percent@example.com", "100% Real"))
        .await
        .unwrap();
    UserRepository::insert(store, &user("plain@example.com", "Plain"))
        .await
        .unwrap();
    let q = |t: &str| UserQuery {
        text: Some(t.into()),
        admins_only: false,
    };
    assert_eq!(
        store
            .search(&q("%"), PageRequest::default())
            .await
            .unwrap()
            .1,
        1
    );
    assert_eq!(
        store
            .search(&q("_"), PageRequest::default())
            .await
            .unwrap()
            .1,
        0
    );
}

async fn refresh_rotation_happens_once(store: &SqlIdentityStore) {
    let u = user("dee@example.com", "Dee");
    UserRepository::insert(store, &u).await.unwrap();
    let family = FamilyId::generate();
    let first = refresh(&u, family);
    RefreshTokenRepository::insert(store, &first).await.unwrap();
    assert_eq!(
        store.find(&first.token_hash).await.unwrap().as_ref(),
        Some(&first)
    );

    let now = Timestamp::now();
    let second = refresh(&u, family);
    assert!(store.rotate(&first.token_hash, &second, now).await.unwrap());
    let used = store.find(&first.token_hash).await.unwrap().unwrap();
    assert_eq!(used.used_at, Some(now));
    assert!(store.find(&second.token_hash).await.unwrap().is_some());

    // The same token again: refused, and the would-be successor is not stored.
    let third = refresh(&u, family);
    assert!(!store.rotate(&first.token_hash, &third, now).await.unwrap());
    assert_eq!(store.find(&third.token_hash).await.unwrap(), None);

    // Concurrent exchanges of one token: exactly one wins.
    let contested = refresh(&u, family);
    RefreshTokenRepository::insert(store, &contested)
        .await
        .unwrap();
    let attempts = (0..6).map(|_| {
        let next = refresh(&u, family);
        let hash = contested.token_hash.clone();
        async move { store.rotate(&hash, &next, Timestamp::now()).await.unwrap() }
    });
    let wins = futures_count(attempts).await;
    assert_eq!(wins, 1);
}

async fn futures_count<F: std::future::Future<Output = bool>>(
    attempts: impl Iterator<Item = F>,
) -> usize {
    let results = futures::future::join_all(attempts).await;
    results.into_iter().filter(|won| *won).count()
}

async fn revoking_a_family_or_a_user(store: &SqlIdentityStore) {
    let u = user("eve@example.com", "Eve");
    let other = user("fay@example.com", "Fay");
    UserRepository::insert(store, &u).await.unwrap();
    UserRepository::insert(store, &other).await.unwrap();
    let (fam_a, fam_b) = (FamilyId::generate(), FamilyId::generate());
    let a = refresh(&u, fam_a);
    let b = refresh(&u, fam_b);
    let c = refresh(&other, FamilyId::generate());
    for t in [&a, &b, &c] {
        RefreshTokenRepository::insert(store, t).await.unwrap();
    }
    let now = Timestamp::now();
    store.revoke_family(fam_a, now).await.unwrap();
    assert_eq!(
        store.find(&a.token_hash).await.unwrap().unwrap().revoked_at,
        Some(now)
    );
    assert_eq!(
        store.find(&b.token_hash).await.unwrap().unwrap().revoked_at,
        None
    );
    assert_eq!(
        store.revoke_user(u.id, now).await.unwrap(),
        1,
        "only b was live"
    );
    assert!(
        store
            .find(&b.token_hash)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert_eq!(
        store.find(&c.token_hash).await.unwrap().unwrap().revoked_at,
        None
    );
    // A revoked token cannot be rotated.
    assert!(
        !store
            .rotate(&b.token_hash, &refresh(&u, fam_b), now)
            .await
            .unwrap()
    );
}

fn link(user: &User, purpose: Purpose) -> IssuedLink {
    IssuedLink::new(
        purpose,
        user.id,
        user.email.as_str(),
        Timestamp::now(),
        purpose.lifetime(),
    )
}

fn notice(user: &User, kind: &str) -> bus::Event {
    bus::Event::new(
        kind,
        "/feira/identity",
        &user.id.to_string(),
        serde_json::json!({}),
    )
}

async fn outbox_kinds(store: &SqlIdentityStore) -> Vec<String> {
    let entries = store.outbox().entries(None, 100).await.unwrap();
    entries.into_iter().map(|e| e.event.kind).collect()
}

async fn an_account_change_writes_its_link_and_events_together(store: &SqlIdentityStore) {
    let u = user("gil@example.com", "Gil");
    let l = link(&u, Purpose::VerifyEmail);
    let mut change = AccountChange::at(Timestamp::now());
    change.insert = Some(&u);
    change.link = Some(&l.record);
    change
        .events
        .push(notice(&u, "identity.verification_requested"));
    store.commit(change).await.unwrap();
    assert_eq!(store.by_id(u.id).await.unwrap().as_ref(), Some(&u));
    assert_eq!(
        store.link(&l.record.token_hash).await.unwrap(),
        Some(l.record.clone())
    );
    assert_eq!(
        outbox_kinds(store).await,
        ["identity.verification_requested"]
    );
}

async fn a_followed_link_works_once_and_ends_its_older_siblings(store: &SqlIdentityStore) {
    let u = user("hana@example.com", "Hana");
    UserRepository::insert(store, &u).await.unwrap();
    let (old, new, other) = (
        link(&u, Purpose::ResetPassword),
        link(&u, Purpose::ResetPassword),
        link(&u, Purpose::VerifyEmail),
    );
    for l in [&old, &new, &other] {
        let mut change = AccountChange::at(Timestamp::now());
        change.link = Some(&l.record);
        store.commit(change).await.unwrap();
    }
    let now = Timestamp::now();
    let mut change = AccountChange::at(now);
    change.redeem = Some(&new.record);
    store.commit(change).await.unwrap();
    let used = |l: &IssuedLink| {
        let hash = l.record.token_hash.clone();
        async move { store.link(&hash).await.unwrap().unwrap().used_at }
    };
    assert_eq!(used(&new).await, Some(now));
    assert_eq!(
        used(&old).await,
        Some(now),
        "an older reset link ends with it"
    );
    assert_eq!(
        used(&other).await,
        None,
        "a link for something else does not"
    );
    let mut again = AccountChange::at(Timestamp::now());
    again.redeem = Some(&new.record);
    assert!(matches!(
        store.commit(again).await,
        Err(StoreError::LinkUsed)
    ));
}

async fn a_failed_account_change_writes_nothing(store: &SqlIdentityStore) {
    let u = user("ida@example.com", "Ida");
    UserRepository::insert(store, &u).await.unwrap();
    let l = link(&u, Purpose::ResetPassword);
    let mut stale = u.clone();
    stale.version += 2; // not the stored version + 1
    let mut change = AccountChange::at(Timestamp::now());
    change.link = Some(&l.record);
    change.update = Some(&stale);
    change.revoke_sessions = Some(u.id);
    change.events.push(notice(&u, "identity.password_changed"));
    assert!(matches!(
        store.commit(change).await,
        Err(StoreError::VersionConflict)
    ));
    assert_eq!(store.link(&l.record.token_hash).await.unwrap(), None);
    assert!(outbox_kinds(store).await.is_empty());
    let twin = user("IDA@example.com", "Twin");
    let mut change = AccountChange::at(Timestamp::now());
    change.insert = Some(&twin);
    change
        .events
        .push(notice(&twin, "identity.verification_requested"));
    assert!(matches!(
        store.commit(change).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(outbox_kinds(store).await.is_empty());
}

async fn sessions_keep_their_start_and_list_only_live_logins(store: &SqlIdentityStore) {
    let u = user("jan@example.com", "Jan");
    UserRepository::insert(store, &u).await.unwrap();
    let (a, b) = (FamilyId::generate(), FamilyId::generate());
    let (ta, tb) = (refresh(&u, a), refresh(&u, b));
    RefreshTokenRepository::insert(store, &ta).await.unwrap();
    RefreshTokenRepository::insert(store, &tb).await.unwrap();
    let start = Timestamp::parse("2026-12-01T10:00:00.000Z").unwrap();
    let later = Timestamp::parse("2026-12-01T11:00:00.000Z").unwrap();
    let session = |family, agent: &str, at| SessionRecord {
        family_id: family,
        user_id: u.id,
        device: Device::new(agent, Some("192.0.2.1".into())),
        created_at: at,
        last_used_at: at,
    };
    store
        .touch_session(&session(a, "first", start))
        .await
        .unwrap();
    store
        .touch_session(&session(b, "other", start))
        .await
        .unwrap();
    store
        .touch_session(&session(a, "second", later))
        .await
        .unwrap();
    let live = store.live_sessions(u.id, Timestamp::now()).await.unwrap();
    assert_eq!(live.len(), 2);
    assert_eq!(live[0].family_id, a, "most recently used first");
    assert_eq!(
        (
            live[0].device.user_agent.as_str(),
            live[0].created_at,
            live[0].last_used_at
        ),
        ("second", start, later),
        "the start stays, the device and last use move"
    );
    store.revoke_family(b, Timestamp::now()).await.unwrap();
    let live = store.live_sessions(u.id, Timestamp::now()).await.unwrap();
    assert_eq!(live.iter().map(|s| s.family_id).collect::<Vec<_>>(), [a]);
}
