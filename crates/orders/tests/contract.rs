//! The orders store contract: one suite, run unchanged on SQLite (always) and
//! PostgreSQL (ignored unless asked for, as `make test` does when it has one;
//! then it needs `FEIRA_TEST_POSTGRES_URL`), each test on its own database.

use bus::outbox::OutboxStore;
use bus::relay::Relay;
use bus::{Event, InProcessBus, Publisher};
use kit::Timestamp;
use kit::pagination::PageRequest;
use kit::testing::{TempSqlite, TestDatabase, eventually};
use orders::domain::cart::CartItem;
use orders::domain::events::{order_event, placed_event};
use orders::domain::idempotency::IdempotencyKey;
use orders::domain::order::order_number;
use orders::domain::{
    Contact, ContactPreferences, Order, OrderId, OrderItem, OrderStatus, PaymentKind,
    PaymentTransaction, ProductId, Shipment, ShippingAddress, Totals,
};
use orders::store::sql::SqlOrderStore;
use orders::store::{
    CartRepository, Claim, DueRefund, IdempotencyRecord, IdempotencyRepository, OrderQuery,
    OrderRepository, RefundStep, StoreError, StoredResponse, Transition,
};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// A fresh, empty store; a PostgreSQL one on a database of its own.
struct Backend {
    store: SqlOrderStore,
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
        let file = TempSqlite::new("feira-orders");
        Self {
            store: SqlOrderStore::open_sqlite(&file.path).await.unwrap(),
            _database: None,
            _file: Some(file),
        }
    }

    async fn postgres() -> Self {
        let server = kit::testing::Backend::Postgres.url();
        let database = TestDatabase::create(&server).await;
        Self {
            store: SqlOrderStore::connect_postgres(&database.url, 4)
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
        cart_lines_add_set_remove_clear_and_merge,
        place_then_get_with_items_history_and_event,
        placing_an_existing_id_is_a_duplicate_and_writes_nothing,
        transitions_are_guarded_by_the_current_status,
        list_filters_pages_and_counts_newest_first,
        idempotency_keys_claim_complete_abandon_and_take_over,
        stock_releases_are_retried_until_done,
        refunds_are_queued_with_the_cancel_claimed_once_retried_and_done,
        a_restarted_relay_publishes_what_a_killed_one_did_not,
    ],
}

fn order(customer: &str, at: Timestamp) -> Order {
    let id = OrderId::generate();
    Order {
        number: order_number(&id.uuid()),
        id,
        customer_id: customer.to_owned(),
        status: OrderStatus::PendingPayment,
        items: vec![
            OrderItem {
                product_id: Uuid::now_v7().to_string(),
                sku: "MUG-1".into(),
                name: "Blue mug".into(),
                unit_price: 1200,
                quantity: 2,
                line_total: 2400,
            },
            OrderItem {
                product_id: Uuid::now_v7().to_string(),
                sku: "LAMP-1".into(),
                name: "Lamp".into(),
                unit_price: 3000,
                quantity: 1,
                line_total: 3000,
            },
        ],
        totals: Totals {
            currency: "EUR".into(),
            subtotal: 5400,
            shipping: 0,
            total: 5400,
        },
        shipping_address: ShippingAddress {
            recipient: "Ana".into(),
            line1: "Rua Augusta 1".into(),
            line2: None,
            city: "Lisboa".into(),
            region: None,
            postal_code: "1100-048".into(),
            country: "PT".into(),
        },
        contact: Contact {
            email: "ana@example.com".into(),
            name: "Ana".into(),
            phone: Some("+351912345678".into()),
            preferences: ContactPreferences::default(),
        },
        shipment: None,
        created_at: at,
        updated_at: at,
    }
}

async fn placed(store: &SqlOrderStore, customer: &str) -> Order {
    let o = order(customer, Timestamp::now());
    store
        .place(&o, &placed_event(&o, o.created_at))
        .await
        .unwrap();
    o
}

fn payment(order: &Order, kind: PaymentKind) -> PaymentTransaction {
    PaymentTransaction {
        id: Uuid::now_v7().to_string(),
        order_id: order.id.clone(),
        kind,
        amount: order.totals.total,
        currency: order.totals.currency.clone(),
        provider: "test".into(),
        reference: Some(format!("test_ch_{}", order.id)),
        card_last4: "4242".into(),
        card_brand: orders::domain::CardBrand::Visa,
        failure_code: None,
        created_at: Timestamp::now(),
    }
}

fn transition(order: &Order, from: OrderStatus, to: OrderStatus) -> Transition {
    let mut moved = order.clone();
    moved.status = to;
    let at = Timestamp::now();
    Transition {
        order_id: order.id.clone(),
        from,
        to,
        at,
        note: None,
        shipment: None,
        payments: Vec::new(),
        release_stock: false,
        refund: None,
        event: order_event(&moved, Some(from), None, at),
    }
}

/// A fresh product id.
fn product() -> ProductId {
    ProductId::parse(&Uuid::now_v7().to_string()).unwrap()
}

fn key(text: &str) -> IdempotencyKey {
    IdempotencyKey::parse(text).unwrap()
}

async fn cart_lines_add_set_remove_clear_and_merge(store: &SqlOrderStore) {
    let [p1, p2, p3, p9] = [product(), product(), product(), product()];
    let t = Timestamp::now();
    assert_eq!(store.add_item("u1", &p1, 2, t).await.unwrap(), 2);
    assert_eq!(store.add_item("u1", &p1, 3, t).await.unwrap(), 5);
    assert_eq!(
        store.add_item("u1", &p1, 999, t).await.unwrap(),
        1000,
        "capped"
    );
    store
        .add_item("u1", &p2, 1, t.plus(Duration::from_millis(1)))
        .await
        .unwrap();
    store.add_item("u2", &p1, 7, t).await.unwrap();
    store.set_quantity("u1", &p1, 4).await.unwrap();
    assert!(matches!(
        store.set_quantity("u1", &p9, 4).await,
        Err(StoreError::NotFound)
    ));
    let lines: Vec<_> = store
        .cart("u1")
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.product_id, l.quantity))
        .collect();
    assert_eq!(lines, [(p1.clone(), 4), (p2.clone(), 1)]);

    store.remove_item("u1", &p2).await.unwrap();
    assert!(matches!(
        store.remove_item("u1", &p2).await,
        Err(StoreError::NotFound)
    ));
    let guest = [
        CartItem {
            product_id: p1.clone(),
            quantity: 2,
        },
        CartItem {
            product_id: p3.clone(),
            quantity: 5,
        },
    ];
    store
        .merge("u1", &guest, t.plus(Duration::from_millis(2)))
        .await
        .unwrap();
    store
        .merge("u1", &guest, t.plus(Duration::from_millis(3)))
        .await
        .unwrap();
    let lines: Vec<_> = store
        .cart("u1")
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.product_id, l.quantity))
        .collect();
    assert_eq!(lines, [(p1, 4), (p3, 5)]);

    store.clear("u1").await.unwrap();
    assert!(store.cart("u1").await.unwrap().is_empty());
    assert_eq!(
        store.cart("u2").await.unwrap().len(),
        1,
        "other carts untouched"
    );
}

async fn place_then_get_with_items_history_and_event(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let detail = store.get(&o.id).await.unwrap().unwrap();
    assert_eq!(detail.order, o);
    assert_eq!(detail.history.len(), 1);
    assert_eq!(detail.history[0].status, OrderStatus::PendingPayment);
    assert!(detail.payments.is_empty());
    assert_eq!(store.get(&OrderId::generate()).await.unwrap(), None);

    let pending = store.outbox().pending(10).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].event.kind, "order.placed");
    assert_eq!(pending[0].event.subject, o.id.as_str());
    store.ping().await.unwrap();
}

async fn placing_an_existing_id_is_a_duplicate_and_writes_nothing(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let mut again = o.clone();
    again.number = "FE-OTHER".into();
    let err = store
        .place(&again, &placed_event(&again, o.created_at))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate), "{err:?}");
    assert_eq!(
        store.outbox().pending(10).await.unwrap().len(),
        1,
        "the event rolled back too"
    );
    assert_eq!(
        store.get(&o.id).await.unwrap().unwrap().order.number,
        o.number
    );
}

async fn transitions_are_guarded_by_the_current_status(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let mut paid = transition(&o, OrderStatus::PendingPayment, OrderStatus::Paid);
    paid.payments = vec![
        payment(&o, PaymentKind::Authorized),
        payment(&o, PaymentKind::Captured),
    ];
    store.transition(&paid).await.unwrap();

    // A second writer that still thinks the order is pending loses, and writes nothing.
    let mut stale = transition(&o, OrderStatus::PendingPayment, OrderStatus::PaymentFailed);
    stale.payments = vec![payment(&o, PaymentKind::Failed)];
    stale.release_stock = true;
    let err = store.transition(&stale).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::StatusChanged {
                expected: OrderStatus::PendingPayment
            }
        ),
        "{err:?}"
    );
    let missing = transition(
        &order("c1", Timestamp::now()),
        OrderStatus::Paid,
        OrderStatus::Shipped,
    );
    assert!(matches!(
        store.transition(&missing).await,
        Err(StoreError::NotFound)
    ));

    let mut shipped = transition(&o, OrderStatus::Paid, OrderStatus::Shipped);
    shipped.shipment = Some(Shipment {
        carrier: "CTT".into(),
        tracking_number: "RR1".into(),
    });
    shipped.note = Some("CTT RR1".into());
    store.transition(&shipped).await.unwrap();
    store
        .transition(&transition(
            &o,
            OrderStatus::Shipped,
            OrderStatus::Delivered,
        ))
        .await
        .unwrap();

    let detail = store.get(&o.id).await.unwrap().unwrap();
    assert_eq!(detail.order.status, OrderStatus::Delivered);
    assert_eq!(
        detail.order.shipment.as_ref().unwrap().carrier,
        "CTT",
        "kept after later moves"
    );
    let history: Vec<_> = detail.history.iter().map(|h| h.status).collect();
    assert_eq!(
        history,
        [
            OrderStatus::PendingPayment,
            OrderStatus::Paid,
            OrderStatus::Shipped,
            OrderStatus::Delivered
        ]
    );
    assert_eq!(detail.history[2].note.as_deref(), Some("CTT RR1"));
    let kinds: Vec<_> = detail.payments.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PaymentKind::Authorized, PaymentKind::Captured]);
    assert!(
        store
            .due_releases(Timestamp::now(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let types: Vec<_> = store
        .outbox()
        .pending(10)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.event.kind)
        .collect();
    assert_eq!(
        types,
        [
            "order.placed",
            "order.paid",
            "order.shipped",
            "order.delivered"
        ]
    );

    // One capture per order, whatever retries happen: a second one rolls the move back.
    let other = placed(store, "c1").await;
    let mut twice = transition(&other, OrderStatus::PendingPayment, OrderStatus::Paid);
    let capture = payment(&other, PaymentKind::Captured);
    twice.payments = vec![
        capture.clone(),
        PaymentTransaction {
            id: Uuid::now_v7().to_string(),
            ..capture
        },
    ];
    assert!(store.transition(&twice).await.is_err());
    assert_eq!(
        store.get(&other.id).await.unwrap().unwrap().order.status,
        OrderStatus::PendingPayment
    );
}

async fn list_filters_pages_and_counts_newest_first(store: &SqlOrderStore) {
    let mut ids = Vec::new();
    for customer in ["ana", "bo", "ana", "ana"] {
        ids.push(placed(store, customer).await.id);
    }
    let first = store.get(&ids[0]).await.unwrap().unwrap().order;
    store
        .transition(&transition(
            &first,
            OrderStatus::PendingPayment,
            OrderStatus::Paid,
        ))
        .await
        .unwrap();

    let page = |n, per| PageRequest::parse(Some(n), Some(per)).unwrap();
    let (all, total) = store
        .list(&OrderQuery::default(), page(1, 20))
        .await
        .unwrap();
    assert_eq!(total, 4);
    let listed: Vec<_> = all.iter().map(|o| o.id.clone()).collect();
    assert_eq!(listed, ids.iter().rev().cloned().collect::<Vec<_>>());
    assert!(
        all.iter().all(|o| o.items.len() == 2),
        "lists carry the items"
    );

    let anas = OrderQuery {
        customer_id: Some("ana".into()),
        ..OrderQuery::default()
    };
    let (second_page, total) = store.list(&anas, page(2, 2)).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(
        second_page.iter().map(|o| o.id.clone()).collect::<Vec<_>>(),
        [ids[0].clone()]
    );
    let paid = OrderQuery {
        status: Some(OrderStatus::Paid),
        ..OrderQuery::default()
    };
    assert_eq!(store.list(&paid, page(1, 20)).await.unwrap().1, 1);
    let future = OrderQuery {
        from: Some(Timestamp::now().plus(Duration::from_secs(60))),
        ..OrderQuery::default()
    };
    assert_eq!(store.list(&future, page(1, 20)).await.unwrap().1, 0);
    let past = OrderQuery {
        to: Some(first.created_at),
        ..OrderQuery::default()
    };
    assert_eq!(store.list(&past, page(1, 20)).await.unwrap().1, 0);
}

fn key_record(text: &str, locked_for: Duration) -> IdempotencyRecord {
    let now = Timestamp::now();
    IdempotencyRecord {
        user_id: "u1".into(),
        key: key(text),
        fingerprint: "f1".into(),
        order_id: OrderId::generate(),
        locked_until: Some(now.plus(locked_for)),
        response: None,
        created_at: now,
    }
}

async fn idempotency_keys_claim_complete_abandon_and_take_over(store: &SqlOrderStore) {
    let record = key_record("k1", Duration::from_secs(30));
    assert_eq!(store.claim(&record).await.unwrap(), Claim::Claimed);
    let mut rival = key_record("k1", Duration::from_secs(30));
    rival.fingerprint = "f2".into();
    let Claim::Existing(existing) = store.claim(&rival).await.unwrap() else {
        panic!("claimed twice")
    };
    assert_eq!(existing.order_id, record.order_id);
    assert_eq!(existing.fingerprint, "f1");
    let now = Timestamp::now();
    assert!(
        !store
            .take_over("u1", &key("k1"), now, now.plus(Duration::from_secs(30)))
            .await
            .unwrap(),
        "still locked"
    );

    let answer = StoredResponse {
        status: 201,
        body: "{}".into(),
    };
    store.complete("u1", &key("k1"), &answer).await.unwrap();
    let done = store.find("u1", &key("k1")).await.unwrap().unwrap();
    assert_eq!((done.response, done.locked_until), (Some(answer), None));
    store.abandon("u1", &key("k1")).await.unwrap();
    assert!(
        store.find("u1", &key("k1")).await.unwrap().is_some(),
        "a finished key is never abandoned"
    );

    // A holder whose lock lapsed (it crashed) is taken over, once.
    let lapsed = key_record("k2", Duration::ZERO);
    store.claim(&lapsed).await.unwrap();
    let later = Timestamp::now().plus(Duration::from_millis(5));
    assert!(
        store
            .take_over("u1", &key("k2"), later, later.plus(Duration::from_secs(30)))
            .await
            .unwrap()
    );
    assert!(
        !store
            .take_over("u1", &key("k2"), later, later.plus(Duration::from_secs(30)))
            .await
            .unwrap()
    );

    store.abandon("u1", &key("k2")).await.unwrap();
    assert_eq!(store.find("u1", &key("k2")).await.unwrap(), None);
    assert_eq!(
        store
            .claim(&key_record("k2", Duration::from_secs(1)))
            .await
            .unwrap(),
        Claim::Claimed
    );
    let mut other_user = key_record("k1", Duration::from_secs(1));
    other_user.user_id = "u2".into();
    assert_eq!(
        store.claim(&other_user).await.unwrap(),
        Claim::Claimed,
        "keys are per user"
    );
}

async fn stock_releases_are_retried_until_done(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let mut failed = transition(&o, OrderStatus::PendingPayment, OrderStatus::PaymentFailed);
    failed.release_stock = true;
    store.transition(&failed).await.unwrap();
    let now = Timestamp::now().plus(Duration::from_millis(1));
    assert_eq!(
        store.due_releases(now, 10).await.unwrap(),
        [(o.id.clone(), 0)]
    );

    let retry_at = now.plus(Duration::from_secs(2));
    store
        .release_failed(&o.id, "catalog down", retry_at)
        .await
        .unwrap();
    assert!(
        store.due_releases(now, 10).await.unwrap().is_empty(),
        "not due before its retry time"
    );
    assert_eq!(
        store.due_releases(retry_at, 10).await.unwrap(),
        [(o.id.clone(), 1)]
    );
    store.release_done(&o.id, retry_at).await.unwrap();
    assert!(
        store
            .due_releases(retry_at.plus(Duration::from_secs(60)), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn refunds_are_queued_with_the_cancel_claimed_once_retried_and_done(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let mut paid = transition(&o, OrderStatus::PendingPayment, OrderStatus::Paid);
    paid.payments = vec![payment(&o, PaymentKind::Captured)];
    store.transition(&paid).await.unwrap();
    let due_at = Timestamp::now().plus(Duration::from_secs(1));
    let mut cancelling = transition(&o, OrderStatus::Paid, OrderStatus::Cancelling);
    assert!(cancelling.event.is_none(), "cancelling is not announced");
    cancelling.note = Some("cancelled by the customer".into());
    cancelling.refund = Some(RefundStep::Queue { due_at });
    store.transition(&cancelling).await.unwrap();

    // The intent is written: a ship that still expects `paid` loses.
    let ship = transition(&o, OrderStatus::Paid, OrderStatus::Shipped);
    assert!(matches!(
        store.transition(&ship).await,
        Err(StoreError::StatusChanged {
            expected: OrderStatus::Paid
        })
    ));
    let detail = store.get(&o.id).await.unwrap().unwrap();
    assert_eq!(detail.order.status, OrderStatus::Cancelling);
    assert_eq!(
        detail.history.last().unwrap().note.as_deref(),
        Some("cancelled by the customer")
    );
    assert_eq!(store.outbox().pending(10).await.unwrap().len(), 2);

    // Not due before its time, then due once, and claimed by one taker only.
    assert!(
        store
            .due_refunds(Timestamp::now(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = store.due_refunds(due_at, 10).await.unwrap();
    let first = DueRefund {
        order_id: o.id.clone(),
        attempts: 0,
        due_at,
    };
    assert_eq!(due, std::slice::from_ref(&first));
    let lease = due_at.plus(Duration::from_secs(10));
    assert!(store.claim_refund(&first, lease).await.unwrap());
    assert!(
        !store.claim_refund(&first, lease).await.unwrap(),
        "a second taker of the same due row gets nothing"
    );
    assert!(store.due_refunds(due_at, 10).await.unwrap().is_empty());

    // A failure is counted and scheduled; a NUL in the provider's message is
    // not stored (PostgreSQL refuses it in text).
    let retry_at = due_at.plus(Duration::from_secs(2));
    store
        .refund_failed(&o.id, "provider\u{0} down", retry_at)
        .await
        .unwrap();
    assert_eq!(
        store.due_refunds(retry_at, 10).await.unwrap(),
        [DueRefund {
            order_id: o.id.clone(),
            attempts: 1,
            due_at: retry_at,
        }]
    );

    let mut moved = o.clone();
    moved.status = OrderStatus::Cancelled;
    let mut cancelled = transition(&moved, OrderStatus::Cancelling, OrderStatus::Cancelled);
    cancelled.payments = vec![payment(&o, PaymentKind::Refunded)];
    cancelled.release_stock = true;
    cancelled.refund = Some(RefundStep::Done);
    store.transition(&cancelled).await.unwrap();
    let later = retry_at.plus(Duration::from_secs(600));
    assert!(store.due_refunds(later, 10).await.unwrap().is_empty());
    store
        .refund_failed(&o.id, "late failure", retry_at)
        .await
        .unwrap();
    assert!(
        store.due_refunds(later, 10).await.unwrap().is_empty(),
        "a done refund is not queued again"
    );
    assert_eq!(store.due_releases(later, 10).await.unwrap().len(), 1);
    let types: Vec<_> = store
        .outbox()
        .pending(10)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.event.kind)
        .collect();
    assert_eq!(types, ["order.placed", "order.paid", "order.cancelled"]);
    let history: Vec<_> = store
        .get(&o.id)
        .await
        .unwrap()
        .unwrap()
        .history
        .iter()
        .map(|h| h.status)
        .collect();
    assert_eq!(
        history,
        [
            OrderStatus::PendingPayment,
            OrderStatus::Paid,
            OrderStatus::Cancelling,
            OrderStatus::Cancelled
        ]
    );
}

/// A publisher that never confirms (says when it was called): the relay is
/// killed mid-publish.
struct Hangs(Arc<tokio::sync::Notify>);

#[async_trait::async_trait]
impl Publisher for Hangs {
    async fn publish(&self, _event: &Event) -> anyhow::Result<()> {
        self.0.notify_one();
        std::future::pending().await
    }
}

async fn a_restarted_relay_publishes_what_a_killed_one_did_not(store: &SqlOrderStore) {
    let o = placed(store, "c1").await;
    let outbox = Arc::new(store.outbox());
    let publishing = Arc::new(tokio::sync::Notify::new());
    let hangs = Arc::new(Hangs(publishing.clone()));
    let killed = Relay::new(outbox.clone(), hangs, Duration::from_millis(50)).spawn();
    // The relay has taken the row and is publishing it when it dies.
    tokio::time::timeout(Duration::from_secs(10), publishing.notified())
        .await
        .expect("the relay picks up the row");
    killed.abort();
    let _ = killed.await;
    assert_eq!(
        outbox.pending(10).await.unwrap().len(),
        1,
        "still pending after the kill"
    );

    let bus = InProcessBus::default();
    let mut received = bus.subscribe();
    let restarted = Relay::new(outbox.clone(), Arc::new(bus), Duration::from_millis(50)).spawn();
    let event = tokio::time::timeout(Duration::from_secs(10), received.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (event.kind.as_str(), event.subject.as_str()),
        ("order.placed", o.id.as_str())
    );
    eventually(
        "the row to be marked sent",
        Duration::from_secs(10),
        || async { outbox.pending(10).await.unwrap().is_empty().then_some(()) },
    )
    .await;
    let entries = store
        .outbox()
        .entries(Some(o.id.as_str()), 10)
        .await
        .unwrap();
    assert!(entries[0].sent_at.is_some());
    restarted.abort();
}
