-- The drifted production database, PostgreSQL flavour of examples/bot/production.sql: leads and
-- content_plan from before the refactor, spy_leads without the columns add_spy_lead writes
-- (seed 000), and the legacy holidays and news tables.
CREATE TABLE leads (
    id serial PRIMARY KEY,
    user_id bigint,
    name text,
    phone text,
    city text,
    created_at timestamp DEFAULT now()
);
CREATE TABLE content_plan (
    id serial PRIMARY KEY,
    type text NOT NULL,
    title text,
    body text NOT NULL,
    status text DEFAULT 'draft',
    publish_date timestamp
);
CREATE TABLE spy_leads (
    id serial PRIMARY KEY,
    source_type text NOT NULL,
    source_name text NOT NULL,
    url text NOT NULL,
    created_at timestamp DEFAULT now()
);
CREATE TABLE holidays (
    id serial PRIMARY KEY,
    holiday_date text NOT NULL,
    name text NOT NULL,
    greeting text
);
CREATE TABLE news (
    id serial PRIMARY KEY,
    title text NOT NULL
);
INSERT INTO leads (user_id, name, phone, city) VALUES (1, 'Анна', '+7 916 123-45-67', 'Москва'), (2, 'Игорь', '+7 903 555-10-20', 'Химки');
INSERT INTO content_plan (type, title, body, status) VALUES ('post', 'Как узаконить перепланировку', 'Пошаговая инструкция', 'published');
INSERT INTO holidays (holiday_date, name, greeting) VALUES ('01-01', 'Новый год', 'С Новым годом!');
