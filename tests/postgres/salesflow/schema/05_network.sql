-- SalesFlow-like expected schema (after seed 004): Network marketing.

CREATE TABLE squad_hierarchy (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    parent_squad_id uuid NOT NULL REFERENCES squads(id),
    child_squad_id uuid NOT NULL REFERENCES squads(id),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_relationships (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    related_lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    kind text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE lead_content_references (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    url text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
