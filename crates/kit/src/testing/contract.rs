//! The one way a crate declares a contract suite: the same test functions run
//! unchanged against every backend of a port.
//!
//! ```ignore
//! struct Backend { store: SqlOrderStore, _db: Option<TestDatabase> }
//! impl kit::testing::ContractBackend for Backend {
//!     async fn cleanup(self) { self.store.close().await }
//! }
//!
//! kit::contract_suite! {
//!     threads: 4,
//!     backends: {
//!         sqlite => Backend::sqlite(),
//!         #[ignore = "needs PostgreSQL (FEIRA_TEST_POSTGRES_URL)"]
//!         postgres => Backend::postgres(),
//!     },
//!     call: |backend| &backend.store,
//!     tests: [places_an_order, lists_orders],
//! }
//! ```
//!
//! This makes `sqlite::places_an_order`, `postgres::places_an_order`, … Each
//! test builds its backend with the backend's expression, calls the suite's
//! `async fn` of the same name with what `call` makes of it, then runs
//! [`ContractBackend::cleanup`]. A backend that is not always there is marked
//! `#[ignore]` and named after it (see [`super::backends`]), so a run without it
//! reports its tests as ignored or skipped, never as passed.

use std::future::Future;

/// A backend built for one contract test.
pub trait ContractBackend: Sized + Send {
    /// Runs after the test: close pools before their database goes, drop
    /// what the test made. Nothing by default.
    fn cleanup(self) -> impl Future<Output = ()> + Send {
        async {}
    }
}

/// Declares a contract suite over several backends; see [the module](self).
#[macro_export]
macro_rules! contract_suite {
    (
        threads: $threads:literal,
        backends: { $( $(#[$meta:meta])* $module:ident => $make:expr ),+ $(,)? },
        call: |$b:ident| $call:expr,
        tests: $tests:tt $(,)?
    ) => {
        $( $crate::contract_suite!(@backend [$(#[$meta])*] $module => $make; $threads; $b; $call; $tests); )+
    };
    (@backend $attrs:tt $module:ident => $make:expr; $threads:literal; $b:ident; $call:expr; [ $($name:ident),* $(,)? ]) => {
        mod $module {
            #[allow(unused_imports)]
            use super::*;
            $( $crate::contract_suite!(@test $attrs $name; $make; $threads; $b; $call); )*
        }
    };
    (@test [ $(#[$meta:meta])* ] $name:ident; $make:expr; $threads:literal; $b:ident; $call:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = $threads)]
        $(#[$meta])*
        async fn $name() {
            let $b = $make.await;
            super::$name($call).await;
            $crate::testing::ContractBackend::cleanup($b).await;
        }
    };
}
