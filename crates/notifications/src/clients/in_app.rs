//! The in-app inbox as a channel: stores the notification and pushes it to the
//! user's open streams.

use super::{Channel, SendError, wrong_kind};
use crate::domain::{InAppMessage, Outgoing};
use crate::store::{InboxItem, NotificationStore};
use async_trait::async_trait;
use kit::Timestamp;
use std::sync::Arc;
use tokio::sync::broadcast;

/// The in-app inbox: stores the notification and pushes it to the user's open
/// streams.
pub struct InApp {
    store: Arc<dyn NotificationStore>,
    live: broadcast::Sender<InboxItem>,
}

impl InApp {
    /// The inbox on `store`, with no stream open yet.
    pub fn new(store: Arc<dyn NotificationStore>) -> Self {
        Self {
            store,
            live: broadcast::channel(1024).0,
        }
    }

    /// Every new inbox item, as it is stored.
    pub fn subscribe(&self) -> broadcast::Receiver<InboxItem> {
        self.live.subscribe()
    }

    fn item(key: &str, message: &Outgoing) -> Result<InboxItem, SendError> {
        let Outgoing::InApp(InAppMessage {
            user_id,
            title,
            body,
            link,
        }) = message
        else {
            return Err(wrong_kind(message));
        };
        Ok(InboxItem {
            id: uuid::Uuid::now_v7().to_string(),
            user_id: user_id.clone(),
            event_id: key.split(':').next().unwrap_or(key).to_owned(),
            title: title.clone(),
            body: body.clone(),
            link: link.clone(),
            created_at: Timestamp::now(),
            read_at: None,
        })
    }
}

#[async_trait]
impl Channel for InApp {
    async fn send(&self, key: &str, message: &Outgoing) -> Result<(), SendError> {
        let batch = [(key.to_owned(), message.clone())];
        self.send_all(&batch)
            .await
            .pop()
            .unwrap_or_else(|| Err(SendError::Transient("no outcome".into())))
    }

    /// Stores the whole batch in one transaction, then pushes the new items.
    async fn send_all(&self, batch: &[(String, Outgoing)]) -> Vec<Result<(), SendError>> {
        let items: Vec<Result<InboxItem, SendError>> = batch
            .iter()
            .map(|(key, message)| Self::item(key, message))
            .collect();
        let valid: Vec<InboxItem> = items
            .iter()
            .filter_map(|i| i.as_ref().ok().cloned())
            .collect();
        let stored = self.store.add_all_to_inbox(&valid).await;
        let added = match stored {
            Ok(added) => added,
            Err(e) => {
                let error = SendError::Transient(e.to_string());
                return items
                    .into_iter()
                    .map(|i| i.and(Err(error.clone())))
                    .collect();
            }
        };
        for (item, new) in valid.iter().zip(&added) {
            if *new {
                let _ = self.live.send(item.clone());
            }
        }
        items.into_iter().map(|i| i.map(|_| ())).collect()
    }
}
