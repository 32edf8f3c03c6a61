-- Tasks and tags of Feira Tasks (embedded mode).
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    colour TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (owner, name_key)
);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    title_key TEXT NOT NULL,
    description TEXT NOT NULL,
    priority INTEGER NOT NULL,
    -- Fixed-width UTC text, so text order is time order.
    deadline TEXT,
    -- 1 without a deadline: sorts keep those last, and indexes can serve it.
    no_deadline INTEGER NOT NULL,
    status TEXT NOT NULL,
    completed_at TEXT,
    completed_day TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
-- WITHOUT ROWID: every index carries the id, so tag filters (`id IN …`) and
-- counts are answered from the index alone.
) WITHOUT ROWID;
-- One index per sort order a list page is read in, each led by the owner.
CREATE INDEX tasks_owner_status_deadline ON tasks (owner, status, no_deadline, deadline);
CREATE INDEX tasks_owner_deadline ON tasks (owner, no_deadline, deadline);
CREATE INDEX tasks_owner_priority ON tasks (owner, priority, status);
CREATE INDEX tasks_owner_created ON tasks (owner, created_at);
CREATE INDEX tasks_owner_updated ON tasks (owner, updated_at);
CREATE INDEX tasks_owner_title ON tasks (owner, title_key);
CREATE INDEX tasks_owner_completed_day ON tasks (owner, completed_day);

CREATE TABLE task_tags (
    task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, tag_id)
);
CREATE INDEX task_tags_tag ON task_tags (tag_id);
