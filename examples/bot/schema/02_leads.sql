-- dbaudit example "bot": expected schema, part 2 of 4 (leads and LeadHunter).

-- Leads submitted through the quiz/form
CREATE TABLE leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER,
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
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    area TEXT,
    extra_questions TEXT,
    thread_id INTEGER
);

-- Leads discovered by LeadHunter from Telegram/VK channels
CREATE TABLE spy_leads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_type TEXT NOT NULL,
    source_name TEXT NOT NULL,
    author_id TEXT,
    username TEXT,
    profile_url TEXT,
    text TEXT,
    url TEXT NOT NULL,
    pain_stage TEXT,
    priority_score INTEGER,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    contacted_at TIMESTAMP NULL,
    sent_to_hot_leads INTEGER DEFAULT 0
);

-- Keywords LeadHunter watches for
CREATE TABLE spy_keywords (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    keyword TEXT NOT NULL UNIQUE,
    is_active BOOLEAN DEFAULT 1,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- Telegram/VK channels and groups scanned by Scout
CREATE TABLE target_resources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL CHECK(type IN ('telegram', 'vk')),
    link TEXT NOT NULL UNIQUE,
    title TEXT,
    is_active BOOLEAN DEFAULT 1,
    last_post_id INTEGER DEFAULT 0,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    notes TEXT NULL,
    status TEXT DEFAULT 'pending',
    platform TEXT NULL,
    geo_tag TEXT NULL,
    participants_count INTEGER NULL,
    is_high_priority INTEGER DEFAULT 0,
    priority INTEGER DEFAULT 5,
    last_scanned_at TIMESTAMP NULL,
    last_lead_at TIMESTAMP NULL
);

CREATE INDEX idx_spy_leads_created ON spy_leads(created_at);
CREATE UNIQUE INDEX idx_spy_leads_url ON spy_leads(url);
CREATE INDEX idx_target_resources_active ON target_resources(priority) WHERE status = 'active';

-- Hot leads: high-priority spy leads for the "hot leads" topic
CREATE VIEW hot_leads AS
    SELECT id, source_type, source_name, username, profile_url, url, pain_stage, priority_score, created_at
    FROM spy_leads
    WHERE priority_score >= 7;

-- Keep target_resources.updated_at current on every update
CREATE TRIGGER trg_target_resources_updated_at
AFTER UPDATE ON target_resources
FOR EACH ROW
BEGIN
    UPDATE target_resources SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
