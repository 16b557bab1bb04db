-- SalesFlow-like expected schema: row-level security on leads, and the trigger that keeps
-- leads.updated_at current.
ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY leads_owner_access ON leads FOR ALL TO authenticated
    USING (owner_id = current_setting('app.current_user_id', true)::uuid)
    WITH CHECK (owner_id = current_setting('app.current_user_id', true)::uuid);

CREATE TRIGGER trg_update_lead_memory BEFORE UPDATE ON leads
    FOR EACH ROW EXECUTE FUNCTION update_lead_memory();
