-- dbaudit example "bot": expected schema, part 3 of 4 (content).

-- Scheduled posts for the channels
CREATE TABLE content_plan (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    title TEXT,
    body TEXT NOT NULL,
    status TEXT DEFAULT 'draft',
    publish_date TIMESTAMP,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    channel TEXT DEFAULT 'terion',
    theme TEXT,
    image_url TEXT,
    admin_id INTEGER DEFAULT NULL,
    published_at TIMESTAMP DEFAULT NULL
);

-- Generated posts with model and cost, for financial tracking
CREATE TABLE content_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_text TEXT,
    image_url TEXT,
    model_used VARCHAR(50),
    cost_rub DECIMAL(10, 2),
    platform VARCHAR(20),
    channel VARCHAR(50),
    post_id INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_archived BOOLEAN DEFAULT FALSE
);

-- Client birthdays for automatic greetings
CREATE TABLE clients_birthdays (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    name TEXT,
    birth_date DATE NOT NULL,
    channel TEXT DEFAULT 'telegram',
    greeting_sent BOOLEAN DEFAULT 0,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (user_id) REFERENCES users(user_id)
);

CREATE INDEX idx_content_history_created ON content_history(created_at);
