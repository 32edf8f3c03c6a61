-- The bin: deleted tasks, kept whole until the retention period ends, so a
-- restore brings a task back with its id and every field. They live apart from
-- `tasks`, so lists, text search, counts and tag counts never see them.
CREATE TABLE deleted_tasks (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    priority INTEGER NOT NULL,
    deadline TEXT,
    status TEXT NOT NULL,
    completed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- The task's tag ids, comma-separated, as the list reads them.
    tag_ids TEXT,
    deleted_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX deleted_tasks_owner ON deleted_tasks (owner, deleted_at);
CREATE INDEX deleted_tasks_deleted_at ON deleted_tasks (deleted_at);
