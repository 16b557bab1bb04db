-- The expected schema, PostgreSQL flavour of examples/bot/schema.
CREATE TABLE users (
    user_id bigint PRIMARY KEY,
    username text,
    first_name text
);
CREATE TABLE leads (
    id serial PRIMARY KEY,
    user_id bigint REFERENCES users (user_id),
    name text,
    phone text,
    city text,
    area text,
    created_at timestamp DEFAULT now()
);
CREATE TABLE content_plan (
    id serial PRIMARY KEY,
    type text NOT NULL,
    title text,
    body text NOT NULL,
    status text DEFAULT 'draft',
    publish_date timestamp,
    published_at timestamp
);
CREATE TABLE spy_leads (
    id serial PRIMARY KEY,
    source_type text NOT NULL,
    source_name text NOT NULL,
    url text NOT NULL,
    pain_stage text,
    priority_score integer,
    created_at timestamp DEFAULT now()
);
CREATE INDEX idx_spy_leads_created ON spy_leads (created_at);
CREATE VIEW hot_leads AS
    SELECT id, source_type, url, priority_score FROM spy_leads WHERE priority_score >= 7;
