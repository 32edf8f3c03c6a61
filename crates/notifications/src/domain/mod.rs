//! What notifications are made of, without I/O: the order event as this
//! service reads it, the messages rendered from templates, and which channels
//! an event goes to.

pub mod message;
pub mod plan;

pub use message::{
    Channel as ChannelKind, EmailMessage, InAppMessage, OrderEvent, Outgoing, SmsMessage, Templates,
};
