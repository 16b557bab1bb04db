-- SalesFlow-like expected schema (after seed 004): Lead enrichment (Clearbit, Hunter, ZoomInfo).

CREATE TABLE lead_enrichment_jobs (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    provider text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enriched_data_cache (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    domain text NOT NULL UNIQUE,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
