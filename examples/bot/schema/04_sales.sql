-- dbaudit example "bot": expected schema, part 4 of 4 (sales agent and settings).

-- Sales script templates, addressed by key
CREATE TABLE sales_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- State of the 5-step sales script per user and source post
CREATE TABLE sales_conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    source_type TEXT NOT NULL,
    source_id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    keyword TEXT,
    context TEXT,
    object_type TEXT,
    sales_step INTEGER DEFAULT 1,
    document_received BOOLEAN DEFAULT FALSE,
    skipped_steps TEXT,
    reminder_attempts INTEGER DEFAULT 0,
    status TEXT DEFAULT 'active',
    sales_started_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_interaction_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_reminder_at TIMESTAMP NULL,
    completed BOOLEAN DEFAULT FALSE,
    UNIQUE(user_id, source_type, source_id, post_id)
);

-- Bot configuration as key/value pairs
CREATE TABLE bot_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX idx_sales_conversations_status ON sales_conversations(status, last_interaction_at);

INSERT INTO bot_settings (key, value) VALUES ('spy_notify_enabled', '1');

INSERT INTO sales_templates (key, body) VALUES
    ('mji_prescription', 'Срочный выезд и аудит документов'),
    ('keys_design', 'Проверка проекта на реализуемость');
