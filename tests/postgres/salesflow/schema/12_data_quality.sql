-- SalesFlow-like expected schema (after seed 004): Data quality.

CREATE TABLE data_quality_metrics (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    table_name text NOT NULL,
    completeness numeric(5,2),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE potential_duplicates (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    duplicate_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    similarity real NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
