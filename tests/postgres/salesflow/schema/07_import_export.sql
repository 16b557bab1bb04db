-- SalesFlow-like expected schema (after seed 004): Import/export (CSV, Salesforce, HubSpot).

CREATE TABLE import_jobs (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    source text NOT NULL,
    rows_total integer,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE export_jobs (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    target text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE data_mappings (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    import_job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
    source_field text NOT NULL,
    target_field text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
