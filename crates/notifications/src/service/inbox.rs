//! The signed-in user's in-app notifications: a page of them, marking them
//! read, and a live feed of new ones that lasts as long as the token that
//! asked for it.

use super::error::invalid;
use super::streams::StreamSlot;
use super::{Notifications, Result, ServiceError};
use crate::store::InboxItem;
use futures::Stream;
use kit::Timestamp;
use kit::auth::UserId;
use kit::pagination::PageRequest;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::Instant;
use utoipa::ToSchema;

/// A page of the inbox with the unread count.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub unread: u64,
}

impl Notifications {
    /// One page of `user_id`'s notifications, newest first, with how many are
    /// unread. `page` from 1, `per_page` 1 to 100 (default 20).
    pub async fn inbox(
        &self,
        user_id: &str,
        page: Option<u32>,
        per_page: Option<u32>,
    ) -> Result<Inbox> {
        let page = PageRequest::parse(page, per_page)
            .map_err(|e| ServiceError::InvalidParameters(vec![e]))?;
        let (items, total, unread) = self.store.inbox(user_id, page).await?;
        Ok(Inbox {
            items,
            page: page.page,
            per_page: page.per_page,
            total,
            unread,
        })
    }

    /// Marks `user_id`'s notification `id` read.
    pub async fn mark_read(&self, user_id: &str, id: &str) -> Result<()> {
        uuid::Uuid::parse_str(id).map_err(|_| invalid("id", "must be a notification id (UUID)"))?;
        if self.store.mark_read(user_id, id, Timestamp::now()).await? {
            Ok(())
        } else {
            Err(ServiceError::NotificationNotFound)
        }
    }

    /// Marks every notification of `user_id` read; returns how many were unread.
    pub async fn mark_all_read(&self, user_id: &str) -> Result<u64> {
        Ok(self.store.mark_all_read(user_id, Timestamp::now()).await?)
    }

    /// `user_id`'s new notifications as they are stored, until `until` (the
    /// expiry of the token that asked), when the feed says
    /// [`LiveEvent::Expired`] and ends. The feed also ends when it falls
    /// behind; the client then reads the inbox again. It holds one of the
    /// user's stream slots until it is dropped, however it ends; a user who
    /// holds them all is refused with [`ServiceError::TooManyStreams`].
    pub fn live(
        &self,
        user_id: UserId,
        until: Timestamp,
    ) -> Result<impl Stream<Item = LiveEvent> + use<>> {
        let left = until.as_offset() - time::OffsetDateTime::now_utc();
        let left = Duration::try_from(left).unwrap_or_default();
        if left.is_zero() {
            return Err(ServiceError::TokenExpired);
        }
        let slot = self
            .streams
            .take(&user_id)
            .ok_or(ServiceError::TooManyStreams {
                max: self.streams.max(),
                retry_after: self.heartbeat,
            })?;
        let feed = Feed {
            receiver: self.in_app.subscribe(),
            user_id,
            deadline: Instant::now() + left,
            _slot: slot,
        };
        Ok(futures::stream::unfold(Some(feed), Feed::next))
    }
}

/// What a live stream carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// A new notification of the user's.
    Notification(InboxItem),
    /// The token the stream was opened with has expired: the last event.
    Expired,
}

/// A live feed's state; `None` once it has said [`LiveEvent::Expired`].
struct Feed {
    receiver: broadcast::Receiver<InboxItem>,
    user_id: UserId,
    deadline: Instant,
    /// Freed when the feed is dropped.
    _slot: StreamSlot,
}

impl Feed {
    async fn next(feed: Option<Self>) -> Option<(LiveEvent, Option<Self>)> {
        let mut feed = feed?;
        loop {
            tokio::select! {
                // The deadline first: nothing is delivered on an expired token.
                biased;
                () = tokio::time::sleep_until(feed.deadline) => return Some((LiveEvent::Expired, None)),
                received = feed.receiver.recv() => match received {
                    Ok(item) if feed.user_id == item.user_id.as_str() => {
                        return Some((LiveEvent::Notification(item), Some(feed)));
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_) | RecvError::Closed) => return None,
                },
            }
        }
    }
}
