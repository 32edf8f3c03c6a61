-- An integer key per task (`seq`, the table's rowid), shared with the text
-- index and the tag links. A text search or tag filter then reaches each
-- matching task with one integer lookup, rather than a lookup in a mapping
-- table and another by text id. The public id stays the text id.
--
-- Each owner's tasks are numbered in a band of their own: seq = band * 2^32 + n.
-- A text search then restricts the index to the owner with `rowid BETWEEN`,
-- which FTS5 applies itself, so counting matches needs no lookup at all.

CREATE TABLE task_owners (
    owner TEXT PRIMARY KEY,
    band INTEGER NOT NULL UNIQUE CHECK (band > 0),
    -- The last n handed out; never reused, and never past the band.
    last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 4294967295)
) WITHOUT ROWID;
INSERT INTO task_owners (owner, band, last)
SELECT owner, ROW_NUMBER() OVER (ORDER BY owner), COUNT(*) FROM tasks GROUP BY owner;

CREATE TABLE tasks_new (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
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
);
INSERT INTO tasks_new (seq, id, owner, title, title_key, description, priority, deadline,
    no_deadline, status, completed_at, completed_day, created_at, updated_at)
SELECT (o.band << 32) + ROW_NUMBER() OVER (PARTITION BY t.owner ORDER BY t.id),
    t.id, t.owner, t.title, t.title_key, t.description, t.priority, t.deadline,
    t.no_deadline, t.status, t.completed_at, t.completed_day, t.created_at, t.updated_at
FROM tasks t JOIN task_owners o ON o.owner = t.owner;

CREATE TABLE task_tags_new (
    task_seq INTEGER NOT NULL REFERENCES tasks_new (seq) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (task_seq, tag_id)
) WITHOUT ROWID;
INSERT INTO task_tags_new (task_seq, tag_id)
SELECT t.seq, tt.tag_id FROM task_tags tt JOIN tasks_new t ON t.id = tt.task_id;

-- The child first, so dropping the old tasks table cascades to nothing.
DROP TABLE task_tags;
DROP TABLE tasks;
DROP TABLE task_search_rows;
DROP TABLE task_search;
-- Renaming also renames the reference in task_tags_new's foreign key.
ALTER TABLE tasks_new RENAME TO tasks;
ALTER TABLE task_tags_new RENAME TO task_tags;

-- One index per sort order a list page is read in, each led by the owner.
CREATE INDEX tasks_owner_status_deadline ON tasks (owner, status, no_deadline, deadline);
CREATE INDEX tasks_owner_deadline ON tasks (owner, no_deadline, deadline);
CREATE INDEX tasks_owner_priority ON tasks (owner, priority, status);
CREATE INDEX tasks_owner_created ON tasks (owner, created_at);
CREATE INDEX tasks_owner_updated ON tasks (owner, updated_at);
CREATE INDEX tasks_owner_title ON tasks (owner, title_key);
CREATE INDEX tasks_owner_completed_day ON tasks (owner, completed_day);
-- "Tagged A and B" is a merge of two index ranges.
CREATE INDEX task_tags_tag_task ON task_tags (tag_id, task_seq);

-- The text index of 0002, rebuilt with the task's seq as its rowid.
CREATE VIRTUAL TABLE task_search USING fts5 (body, tokenize = 'trigram');
INSERT INTO task_search (rowid, body) SELECT seq, title || char(10) || description FROM tasks;

CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_search (rowid, body) VALUES (new.seq, new.title || char(10) || new.description);
END;

CREATE TRIGGER tasks_search_update AFTER UPDATE OF title, description ON tasks BEGIN
    UPDATE task_search SET body = new.title || char(10) || new.description WHERE rowid = new.seq;
END;

CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM task_search WHERE rowid = old.seq;
END;
