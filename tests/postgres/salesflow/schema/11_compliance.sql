-- SalesFlow-like expected schema (after seed 004): Compliance & audit.

CREATE TABLE data_access_log (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid REFERENCES users(id),
    table_name text NOT NULL,
    row_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE data_deletion_requests (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid REFERENCES leads(id),
    requested_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE data_export_requests (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid REFERENCES leads(id),
    requested_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_consents (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    purpose text NOT NULL,
    given boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
