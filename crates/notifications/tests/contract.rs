//! The notifications store contract: one suite, run unchanged on SQLite
//! (always) and PostgreSQL (ignored unless asked for, as `make test` does when
//! it has one; then it needs `FEIRA_TEST_POSTGRES_URL`), each test on its own
//! database.

use kit::Timestamp;
use kit::pagination::PageRequest;
use kit::testing::{TempSqlite, TestDatabase};
use notifications::domain::{ChannelKind, EmailMessage, InAppMessage, Outgoing};
use notifications::store::sql::SqlNotificationStore;
use notifications::store::{Delivery, DeliveryStatus, InboxItem, NotificationStore};
use std::time::Duration;
use uuid::Uuid;

/// A fresh, empty store; a PostgreSQL one on a database of its own.
struct Backend {
    store: SqlNotificationStore,
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
        let file = TempSqlite::new("feira-notifications");
        Self {
            store: SqlNotificationStore::open_sqlite(&file.path).await.unwrap(),
            _database: None,
            _file: Some(file),
        }
    }

    async fn postgres() -> Self {
        let server = kit::testing::Backend::Postgres.url();
        let database = TestDatabase::create(&server).await;
        Self {
            store: SqlNotificationStore::connect_postgres(&database.url, 4)
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
        recording_an_event_twice_makes_one_delivery_per_channel,
        a_due_delivery_is_claimed_by_one_worker_only,
        failures_retry_then_die_and_a_replay_puts_them_back,
        the_inbox_counts_unread_and_marks_read,
    ],
}

fn email(to: &str) -> Outgoing {
    Outgoing::Email(EmailMessage {
        to: to.into(),
        to_name: "Ana".into(),
        subject: "Your order is confirmed".into(),
        text: "text".into(),
        html: "<p>html</p>".into(),
    })
}

fn in_app(user: &str) -> Outgoing {
    Outgoing::InApp(InAppMessage {
        user_id: user.into(),
        title: "t".into(),
        body: "b".into(),
        link: None,
    })
}

fn deliveries(event_id: &str, now: Timestamp) -> Vec<Delivery> {
    vec![
        Delivery::new(event_id, "order.paid", email("ana@example.com"), now),
        Delivery::new(event_id, "order.paid", in_app("u-1"), now),
    ]
}

async fn recording_an_event_twice_makes_one_delivery_per_channel(store: &SqlNotificationStore) {
    let now = Timestamp::now();
    assert_eq!(store.record(&deliveries("e-1", now)).await.unwrap(), 2);
    assert_eq!(store.record(&deliveries("e-1", now)).await.unwrap(), 0);
    let all = store.deliveries(None, Some("e-1"), 10).await.unwrap();
    assert_eq!(all.len(), 2);
    let email = all
        .iter()
        .find(|d| d.channel == ChannelKind::Email)
        .unwrap();
    assert_eq!(
        (email.status, email.recipient.as_str()),
        (DeliveryStatus::Pending, "ana@example.com")
    );
    assert_eq!(
        email.message,
        self::email("ana@example.com"),
        "the message round-trips"
    );
    store.ping().await.unwrap();
}

async fn a_due_delivery_is_claimed_by_one_worker_only(store: &SqlNotificationStore) {
    let now = Timestamp::now();
    store.record(&deliveries("e-1", now)).await.unwrap();
    let lease = now.plus(Duration::from_secs(60));
    let later = now.plus(Duration::from_millis(1));
    let (a, b) = tokio::join!(
        store.claim_due(later, 10, lease),
        store.claim_due(later, 10, lease)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.len() + b.len(),
        2,
        "each delivery claimed once: {a:?} {b:?}"
    );
    assert!(
        store.claim_due(later, 10, lease).await.unwrap().is_empty(),
        "held by the lease"
    );
    // A worker that died leaves the lease to lapse; then another takes over.
    let after_lease = lease.plus(Duration::from_millis(1));
    assert_eq!(
        store
            .claim_due(after_lease, 10, after_lease.plus(Duration::from_secs(60)))
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn failures_retry_then_die_and_a_replay_puts_them_back(store: &SqlNotificationStore) {
    let now = Timestamp::now();
    store.record(&deliveries("e-1", now)).await.unwrap();
    let claimed = store
        .claim_due(now, 10, now.plus(Duration::from_secs(60)))
        .await
        .unwrap();
    let email = claimed
        .iter()
        .find(|d| d.channel == ChannelKind::Email)
        .unwrap()
        .clone();
    let in_app = claimed
        .iter()
        .find(|d| d.channel == ChannelKind::InApp)
        .unwrap()
        .clone();
    store.mark_sent(&in_app, 1, now).await.unwrap();
    let retry_at = now.plus(Duration::from_secs(5));
    store
        .mark_failed(&email, 1, "451 try later", Some(retry_at), now)
        .await
        .unwrap();
    assert!(
        store.claim_due(now, 10, retry_at).await.unwrap().is_empty(),
        "not due before retry_at"
    );
    let again = store
        .claim_due(retry_at, 10, retry_at.plus(Duration::from_secs(60)))
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1);
    store
        .mark_failed(&again[0], 2, "550 no such user", None, retry_at)
        .await
        .unwrap();

    let dead = store
        .deliveries(Some(DeliveryStatus::Dead), None, 10)
        .await
        .unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("550 no such user"));
    let log: Vec<_> = store
        .attempts("e-1")
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.channel, a.attempt, a.outcome))
        .collect();
    assert_eq!(
        log,
        // By time, then channel: both first attempts share `now`.
        [
            (ChannelKind::Email, 1, "failed".to_owned()),
            (ChannelKind::InApp, 1, "sent".to_owned()),
            (ChannelKind::Email, 2, "dead".to_owned())
        ]
    );

    assert!(
        !store.replay("e-1", ChannelKind::InApp, now).await.unwrap(),
        "only dead ones"
    );
    assert!(
        store
            .replay("e-1", ChannelKind::Email, retry_at)
            .await
            .unwrap()
    );
    assert!(
        !store
            .replay("e-1", ChannelKind::Email, retry_at)
            .await
            .unwrap(),
        "once"
    );
    let back = store
        .claim_due(retry_at, 10, retry_at.plus(Duration::from_secs(60)))
        .await
        .unwrap();
    assert_eq!(back.len(), 1);
    store
        .mark_sent(&back[0], back[0].attempts + 1, retry_at)
        .await
        .unwrap();
    let sent = store
        .deliveries(Some(DeliveryStatus::Sent), None, 10)
        .await
        .unwrap();
    assert_eq!(sent.len(), 2);
}

fn item(user: &str, event: &str) -> InboxItem {
    InboxItem {
        id: Uuid::now_v7().to_string(),
        user_id: user.into(),
        event_id: event.into(),
        title: "Your order is confirmed".into(),
        body: "Order FE-1".into(),
        link: Some("/orders/o-1".into()),
        created_at: Timestamp::now(),
        read_at: None,
    }
}

async fn the_inbox_counts_unread_and_marks_read(store: &SqlNotificationStore) {
    let first = item("ana", "e-1");
    assert!(store.add_to_inbox(&first).await.unwrap());
    assert!(
        !store.add_to_inbox(&item("ana", "e-1")).await.unwrap(),
        "one per event"
    );
    let second = item("ana", "e-2");
    store.add_to_inbox(&second).await.unwrap();
    store.add_to_inbox(&item("bo", "e-3")).await.unwrap();

    let page = PageRequest::parse(Some(1), Some(1)).unwrap();
    let (items, total, unread) = store.inbox("ana", page).await.unwrap();
    assert_eq!((items.len(), total, unread), (1, 2, 2));
    assert_eq!(items[0].id, second.id, "newest first");

    let now = Timestamp::now();
    assert!(store.mark_read("ana", &first.id, now).await.unwrap());
    assert!(
        !store.mark_read("bo", &first.id, now).await.unwrap(),
        "not bo's"
    );
    let all = PageRequest::parse(None, None).unwrap();
    assert_eq!(store.inbox("ana", all).await.unwrap().2, 1);
    assert_eq!(store.mark_all_read("ana", now).await.unwrap(), 1);
    assert_eq!(store.mark_all_read("ana", now).await.unwrap(), 0);
    assert_eq!(store.inbox("ana", all).await.unwrap().2, 0);
    assert_eq!(store.inbox("bo", all).await.unwrap().2, 1, "bo's untouched");
}
