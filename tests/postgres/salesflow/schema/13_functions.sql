-- SalesFlow-like expected schema: functions (the seed's 17 plus its 4 new ones).

CREATE FUNCTION calculate_lead_completeness_score(p_lead_id uuid) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT (CASE WHEN email IS NOT NULL THEN 50 ELSE 0 END) + (CASE WHEN phone IS NOT NULL THEN 50 ELSE 0 END)
    FROM leads WHERE id = p_lead_id
$$;

CREATE FUNCTION check_lead_limit(p_user_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM leads WHERE owner_id = p_user_id) < 1000;
END
$$;

CREATE FUNCTION get_best_contact_window(p_lead_id uuid) RETURNS TABLE (weekday smallint, hour smallint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT 2::smallint, 10::smallint;
END
$$;

CREATE FUNCTION generate_disg_recommendations(p_lead_id uuid) RETURNS SETOF text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT 'Be direct'::text;
END
$$;

CREATE FUNCTION update_lead_memory() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE FUNCTION log_ai_output_compliance(p_user_id uuid, p_output text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO compliance_logs (user_id, output) VALUES (p_user_id, p_output);
END
$$;

CREATE FUNCTION recommend_followup_actions(p_lead_id uuid) RETURNS SETOF text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT 'Call back'::text;
END
$$;

CREATE FUNCTION calculate_team_size(p_squad_id uuid) RETURNS integer
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT count(*) FROM users WHERE squad_id = p_squad_id);
END
$$;

CREATE FUNCTION get_lead_network(p_lead_id uuid) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT related_lead_id FROM lead_relationships WHERE lead_id = p_lead_id;
END
$$;

CREATE FUNCTION find_common_connections(p_a uuid, p_b uuid) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT x FROM get_lead_network(p_a) x INTERSECT SELECT y FROM get_lead_network(p_b) y;
END
$$;

CREATE FUNCTION recommend_leads_from_network(p_user_id uuid) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT id FROM leads WHERE owner_id = p_user_id LIMIT 10;
END
$$;

CREATE FUNCTION search_knowledge_base(p_query text) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT id FROM knowledge_base WHERE content ILIKE '%' || p_query || '%';
END
$$;

CREATE FUNCTION find_objection_response(p_objection text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT response FROM objection_library WHERE objection ILIKE p_objection LIMIT 1);
END
$$;

CREATE FUNCTION recommend_upsells(p_lead_id uuid) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT product_id FROM lead_product_interactions WHERE lead_id = p_lead_id;
END
$$;

CREATE FUNCTION export_user_data(p_user_id uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$
BEGIN
    RETURN (SELECT to_jsonb(u) FROM users u WHERE id = p_user_id);
END
$$;

CREATE FUNCTION anonymize_lead(p_lead_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    UPDATE leads SET name = 'anonymous', email = NULL, phone = NULL WHERE id = p_lead_id;
END
$$;

CREATE FUNCTION detect_duplicate_leads(p_lead_id uuid) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT duplicate_id FROM potential_duplicates WHERE lead_id = p_lead_id;
END
$$;

CREATE FUNCTION merge_leads(p_keep uuid, p_drop uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities SET lead_id = p_keep WHERE lead_id = p_drop;
    DELETE FROM leads WHERE id = p_drop;
END
$$;

CREATE FUNCTION auto_link_email_to_lead(p_message_id uuid) RETURNS uuid
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT l.id FROM email_messages m JOIN leads l ON l.email = m.sender WHERE m.id = p_message_id LIMIT 1);
END
$$;

CREATE FUNCTION calculate_badge_progress(p_user_id uuid, p_badge_id uuid) RETURNS numeric
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN 0.5;
END
$$;

CREATE FUNCTION refresh_all_materialized_views() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    REFRESH MATERIALIZED VIEW view_leads_scored;
    REFRESH MATERIALIZED VIEW view_followups_scored;
    REFRESH MATERIALIZED VIEW view_conversion_microsteps;
    REFRESH MATERIALIZED VIEW view_personality_insights;
    REFRESH MATERIALIZED VIEW view_squad_performance;
    REFRESH MATERIALIZED VIEW CONCURRENTLY view_user_activity_summary;
END
$$;
