//! The signed-in user's in-app notifications: a page of them, marking them
//! read, and a live feed of new ones.

use super::error::invalid;
use super::{Notifications, Result, ServiceError};
use crate::store::InboxItem;
use futures::Stream;
use kit::Timestamp;
use kit::pagination::PageRequest;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
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

    /// `user_id`'s new notifications as they are stored. The feed ends when it
    /// falls behind; the client then reads the inbox again.
    pub fn live(&self, user_id: kit::auth::UserId) -> impl Stream<Item = InboxItem> + use<> {
        let receiver = self.in_app.subscribe();
        futures::stream::unfold((receiver, user_id), |(mut receiver, user_id)| async move {
            loop {
                match receiver.recv().await {
                    Ok(item) if user_id == item.user_id.as_str() => {
                        return Some((item, (receiver, user_id)));
                    }
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_) | RecvError::Closed) => return None,
                }
            }
        })
    }
}
