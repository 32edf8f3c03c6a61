//! `GET /insights`: the user's dashboard figures.

use super::Result;
use crate::TasksState;
use crate::domain::Insights;
use axum::extract::State;
use kit::auth::AuthUser;
use kit::{Problem, Timestamp};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The insights route.
pub(super) fn routes() -> OpenApiRouter<TasksState> {
    OpenApiRouter::new().routes(routes!(insights))
}

/// Counts, buckets, completions per day and top tags, computed by the store.
#[utoipa::path(get, path = "/insights", tag = "tasks", security(("bearer" = [])),
    responses((status = 200, body = Insights), (status = 401, body = Problem)))]
pub async fn insights(
    State(state): State<TasksState>,
    user: AuthUser,
) -> Result<axum::Json<Insights>> {
    Ok(axum::Json(
        state.service.insights(&user.id, Timestamp::now()).await?,
    ))
}
