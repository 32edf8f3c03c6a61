//! How many live streams each user holds open, capped per user: a slot is
//! taken when a stream opens and given back when the stream is dropped,
//! however it ends (the client leaves, the token expires, the feed lags).

use kit::auth::UserId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

type Open = Arc<Mutex<HashMap<UserId, usize>>>;

/// The open streams of every user, at most `max` each.
pub(crate) struct StreamSlots {
    max: usize,
    open: Open,
}

impl StreamSlots {
    /// No stream open yet; at most `max` per user (0 is taken as 1, so the
    /// setting cannot switch the stream off by accident).
    pub(crate) fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            open: Arc::default(),
        }
    }

    /// The most streams one user may hold.
    pub(crate) fn max(&self) -> usize {
        self.max
    }

    /// A slot for one more stream of `user`, or `None` when they hold `max`.
    pub(crate) fn take(&self, user: &UserId) -> Option<StreamSlot> {
        let mut open = lock(&self.open);
        let count = open.entry(user.clone()).or_default();
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(StreamSlot {
            user: user.clone(),
            open: self.open.clone(),
        })
    }
}

/// One open stream of a user; dropping it frees the slot, so the count
/// cannot leak whichever way the stream ends.
#[derive(Debug)]
pub(crate) struct StreamSlot {
    user: UserId,
    open: Open,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = lock(&self.open);
        if let Some(count) = open.get_mut(&self.user) {
            *count = count.saturating_sub(1);
            // Users without a stream leave the map, so it stays as small as
            // the number of users streaming.
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}

/// The map is left consistent at every step, so a panic elsewhere while it
/// was held does not make it unusable.
fn lock(open: &Open) -> MutexGuard<'_, HashMap<UserId, usize>> {
    open.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_gets_max_slots_and_one_more_when_one_is_dropped() {
        let slots = StreamSlots::new(2);
        let ana = UserId::from("ana");
        let first = slots.take(&ana).unwrap();
        let _second = slots.take(&ana).unwrap();
        assert!(slots.take(&ana).is_none());
        assert!(
            slots.take(&UserId::from("bo")).is_some(),
            "the cap is per user"
        );
        drop(first);
        assert_eq!(lock(&slots.open).get(&ana), Some(&1));
        assert!(slots.take(&ana).is_some());
    }

    #[test]
    fn the_map_forgets_users_with_no_stream() {
        let slots = StreamSlots::new(1);
        let ana = UserId::from("ana");
        drop(slots.take(&ana));
        assert!(lock(&slots.open).is_empty());
        assert_eq!(StreamSlots::new(0).max(), 1);
    }
}
