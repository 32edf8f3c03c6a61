//! Helpers shared by the tasks test suites.

use tasks::domain::ListParams;
use tasks::service::TasksService;

/// The list parameters of a query string such as `q=dune&sort=title`.
pub fn params(query: &str) -> ListParams {
    kit::extract::parse_query(query).unwrap()
}

/// The titles of the first page `owner` gets for `query`.
pub async fn titles(service: &TasksService, owner: &str, query: &str) -> Vec<String> {
    let page = service.list(owner, &params(query)).await.unwrap();
    page.items.into_iter().map(|t| t.title).collect()
}
