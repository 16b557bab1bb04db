-- Every kind the PostgreSQL planner creates, with the dependencies that decide the order.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'application objects';
CREATE TYPE app.status AS ENUM ('new', 'active', 'closed');
CREATE DOMAIN app.positive_amount AS numeric(12,2) CHECK (VALUE >= 0);
CREATE SEQUENCE app.invoice_no START 1000;

-- A function used by a default and a check: before the tables.
CREATE FUNCTION app.default_region() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'eu'::text $$;
CREATE FUNCTION app.valid_email(e text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT e LIKE '%@%' $$;

-- A foreign-key cycle: accounts.owner -> users, users.account -> accounts.
CREATE TABLE app.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    region text NOT NULL DEFAULT app.default_region(),
    owner_id bigint,
    status app.status NOT NULL DEFAULT 'new'
);
CREATE TABLE app.users (
    id serial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES app.accounts (id) ON DELETE CASCADE,
    email text NOT NULL UNIQUE CHECK (app.valid_email(email)),
    balance app.positive_amount DEFAULT 0,
    updated_at timestamptz
);
ALTER TABLE app.accounts ADD CONSTRAINT accounts_owner_fkey FOREIGN KEY (owner_id) REFERENCES app.users (id);
COMMENT ON TABLE app.accounts IS 'customer accounts';
COMMENT ON COLUMN app.users.email IS 'login';
CREATE TABLE app.invoices (
    no bigint PRIMARY KEY DEFAULT nextval('app.invoice_no'),
    account_id bigint NOT NULL REFERENCES app.accounts (id),
    amount app.positive_amount NOT NULL,
    token text DEFAULT encode(gen_random_bytes(8), 'hex')
);
CREATE INDEX invoices_account_idx ON app.invoices (account_id);
CREATE UNIQUE INDEX users_lower_email_idx ON app.users (lower(email));

-- A trigger function and its trigger.
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();

-- Views on views, and a materialized view on a view.
CREATE VIEW app.active_accounts AS SELECT id, name FROM app.accounts WHERE status = 'active';
CREATE VIEW app.active_users AS SELECT u.id, u.email, a.name AS account FROM app.users u JOIN app.active_accounts a ON a.id = u.account_id;
CREATE VIEW app.active_user_count AS SELECT count(*) AS n FROM app.active_users;
CREATE MATERIALIZED VIEW app.invoice_totals AS SELECT a.id, sum(i.amount) AS total FROM app.active_accounts a JOIN app.invoices i ON i.account_id = a.id GROUP BY a.id;
CREATE UNIQUE INDEX invoice_totals_id_idx ON app.invoice_totals (id);

-- A function whose SQL-standard body names a view: after the view.
CREATE FUNCTION app.user_count() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT n FROM app.active_user_count);

-- Row level security and a policy.
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON app.users FOR SELECT USING (email = current_user);
