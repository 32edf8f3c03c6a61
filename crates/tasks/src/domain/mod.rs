//! Tasks and tags, their ids, the rules for their fields, the filters and
//! sorts of a task list and the shape of insights. No I/O: the service and
//! the stores build on these.

pub mod factory;
pub mod ids;
pub mod insights;
pub mod query;
pub mod tag;
pub mod task;

pub use factory::{Checked, PatchChecked, TaskFactory};
pub use ids::{InvalidTaskId, TagId, TaskId};
pub use insights::{Bounds, DayCount, DeadlineBuckets, Insights, PriorityCount, TagUse};
pub use query::{Filter, ListParams, Sort, SortKey, TagFilter, TaskQuery};
pub use tag::{DEFAULT_COLOUR, TAG_NAME_MAX, Tag, TagView, check_tag};
pub use task::{
    DESCRIPTION_MAX, NewTask, Priority, Status, TAGS_MAX, TITLE_MAX, Task, TaskPatch, TaskView,
};
