-- SalesFlow-like expected schema (after seed 004): Email integration (Gmail, Outlook, IMAP).

CREATE TABLE email_accounts (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL REFERENCES users(id),
    provider text NOT NULL CHECK (provider IN ('gmail', 'outlook', 'imap')),
    address text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE email_accounts IS 'Connected mailboxes (Gmail, Outlook, IMAP)';

CREATE TABLE email_threads (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    account_id uuid NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
    subject text,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE email_threads IS 'Conversations grouped by subject';

CREATE TABLE email_messages (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    thread_id uuid NOT NULL REFERENCES email_threads(id) ON DELETE CASCADE,
    lead_id uuid REFERENCES leads(id),
    sender text NOT NULL,
    body text,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE email_messages IS 'Single emails, linked to leads when possible';
CREATE INDEX email_messages_lead_idx ON email_messages (lead_id);

CREATE TABLE email_sync_status (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    account_id uuid NOT NULL REFERENCES email_accounts(id) ON DELETE CASCADE,
    synced_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE email_sync_status IS 'Last sync per mailbox';
