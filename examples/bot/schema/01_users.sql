-- dbaudit example "bot": expected schema, part 1 of 4 (users and dialog state).
-- Files in this directory are applied in name order.

-- Telegram user accounts known to the bot
CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    username TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    last_interaction TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- FSM state of the quiz/dialog for each user
CREATE TABLE user_states (
    user_id INTEGER PRIMARY KEY,
    mode TEXT,
    quiz_step INTEGER DEFAULT 0,
    name TEXT,
    phone TEXT,
    extra_contact TEXT,
    object_type TEXT,
    city TEXT,
    floor TEXT,
    total_floors TEXT,
    remodeling_status TEXT,
    change_plan TEXT,
    bti_status TEXT,
    consent_given BOOLEAN DEFAULT 0,
    contact_received BOOLEAN DEFAULT 0,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (user_id) REFERENCES users(user_id)
);

-- Chat history between users and the bot
CREATE TABLE dialog_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER,
    role TEXT,
    message TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (user_id) REFERENCES users(user_id)
);

CREATE INDEX idx_dialog_history_user ON dialog_history(user_id, created_at);
