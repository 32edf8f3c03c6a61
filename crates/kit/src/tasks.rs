//! Background tasks that live as long as the service that spawned them.

/// Handles of a service's background tasks (relays, workers, consumers);
/// dropping it stops them.
#[derive(Default)]
pub struct Workers {
    handles: Vec<tokio::task::JoinHandle<()>>,
}

impl Workers {
    /// Tasks to stop together.
    pub fn new(handles: Vec<tokio::task::JoinHandle<()>>) -> Self {
        Self { handles }
    }

    /// Adds a task.
    pub fn push(&mut self, handle: tokio::task::JoinHandle<()>) {
        self.handles.push(handle);
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for handle in &self.handles {
            handle.abort();
        }
    }
}
