//! HTTP handlers, served under `/api/tasks`, by resource: [`tasks`],
//! [`tags`] and [`insights`]. Every route needs a signed-in user, and every
//! read and write is scoped to that user. [`error`] is the one place a
//! service error becomes a problem.

pub mod error;
pub mod insights;
pub mod tags;
pub mod tasks;

use crate::TasksState;
use kit::Problem;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// A handler's result: its answer, or a problem.
type Result<T> = std::result::Result<T, Problem>;

#[derive(OpenApi)]
#[openapi(
    info(title = "Feira Tasks", description = "A personal task manager: tasks, tags, filters, insights."),
    tags(
        (name = "tasks", description = "The signed-in user's tasks"),
        (name = "tags", description = "The signed-in user's tags"),
    ),
)]
struct ApiDoc;

/// Routes to be served under `/api/tasks`.
pub fn routes(state: TasksState) -> OpenApiRouter {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(tasks::routes())
        .merge(insights::routes())
        .merge(tags::routes())
        .with_state(state)
}
