-- SalesFlow-like expected schema (after seed 004): Premium features.

CREATE TABLE subscription_tiers (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name text NOT NULL UNIQUE,
    lead_limit integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_subscriptions (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    tier_id uuid NOT NULL REFERENCES subscription_tiers(id),
    valid_until date,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE usage_tracking (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    feature text NOT NULL,
    used integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_access_log (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid REFERENCES users(id),
    feature text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intelligent_chat_logs (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid REFERENCES users(id),
    prompt text NOT NULL,
    answer text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE win_probability_cache (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    probability numeric(4,3) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE optimal_contact_times (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    lead_id uuid NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
    weekday smallint NOT NULL,
    hour smallint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
