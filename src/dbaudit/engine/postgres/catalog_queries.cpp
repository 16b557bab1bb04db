#include "dbaudit/engine/postgres/catalog_queries.hpp"

#include <string>

namespace dbaudit::engine::postgres {

const char* const k_session_settings =
    "SET LOCAL search_path = pg_catalog; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres'; "
    "SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'; "
    "SET LOCAL quote_all_identifiers = off; SET LOCAL standard_conforming_strings = on; "
    // Sorting the columns of 10,000 tables must not spill to disk.
    "SET LOCAL work_mem = '64MB'";

namespace {

// Schemas that belong to the system: pg_catalog, pg_toast, pg_temp_N ... (users cannot create
// schemas named pg_*), and information_schema.
std::string user_schema(const std::string& nsp) {
    return "(" + nsp + ".nspname <> 'information_schema' AND " + nsp + ".nspname NOT LIKE 'pg\\_%')";
}

// Objects created by CREATE EXTENSION are the extension's, not the schema's. Functions, casts and
// types created implicitly as part of another object (a range type's constructors and multirange
// cast) are that object's. (Relations with internal dependencies, such as partitioned tables,
// are real objects; identity sequences are recognized by their owner.)
std::string not_extension_member(const std::string& catalog, const std::string& oid) {
    // Extension members are found from the extension side (pg_depend's reference index): a
    // handful of rows, instead of an anti-join over all of pg_depend.
    std::string out = oid + " NOT IN (SELECT dx.objid FROM pg_depend dx WHERE dx.refclassid = 'pg_extension'::regclass AND "
                      "dx.deptype = 'e' AND dx.classid = '" + catalog + "'::regclass)";
    if (catalog == "pg_proc" || catalog == "pg_cast")
        out += " AND NOT EXISTS (SELECT 1 FROM pg_depend di WHERE di.classid = '" + catalog + "'::regclass AND di.objid = " + oid +
               " AND di.deptype = 'i')";
    return out;
}

std::string description(const std::string& catalog, const std::string& oid, const std::string& subid = "0") {
    return "(SELECT ds.description FROM pg_description ds WHERE ds.classoid = '" + catalog + "'::regclass AND ds.objoid = " +
           oid + " AND ds.objsubid = " + subid + ")";
}

}  // namespace

std::vector<CatalogQuery> catalog_queries(int version) {
    std::vector<CatalogQuery> queries;

    queries.push_back({QueryKind::schemas, true, "schema",
                       "SELECT n.nspname, coalesce(" + description("pg_namespace", "n.oid") + ", '') FROM pg_namespace n WHERE " +
                           user_schema("n") + " AND " + not_extension_member("pg_namespace", "n.oid") + " ORDER BY 1"});

    // Installed and available extensions in one list; plpgsql is built into every database.
    queries.push_back({QueryKind::extensions, false, "extension",
                       "SELECT coalesce(e.extname, a.name), coalesce(e.extversion, ''), coalesce(n.nspname, ''), e.oid IS NOT NULL, "
                       "coalesce(a.default_version, ''), a.name IS NOT NULL, coalesce(" + description("pg_extension", "e.oid") + ", '') "
                       "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                       "FULL JOIN pg_available_extensions a ON a.name = e.extname "
                       "WHERE coalesce(e.extname, a.name) <> 'plpgsql' ORDER BY 1"});

    // Enum, domain, range and stand-alone composite types. Lists are joined with \x1f (fields
    // within an item with \x1e): names cannot contain those control characters in practice.
    queries.push_back({QueryKind::types, false, "type",
                       "SELECT n.nspname, t.typname, t.typtype, "
                       "(SELECT string_agg(e.enumlabel, E'\\x1f' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), "
                       "CASE t.typtype WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) "
                       "WHEN 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) END, "
                       "t.typnotnull, pg_get_expr(t.typdefaultbin, 0), "
                       "(SELECT string_agg(c.conname || ': ' || pg_get_constraintdef(c.oid), E'\\x1f' ORDER BY c.conname) "
                       " FROM pg_constraint c WHERE c.contypid = t.oid), "
                       "(SELECT string_agg(a.attname || E'\\x1e' || format_type(a.atttypid, a.atttypmod) || E'\\x1e' || "
                       "   coalesce(CASE WHEN a.attcollation <> at.typcollation THEN co.collname END, ''), E'\\x1f' ORDER BY a.attnum) "
                       " FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                       " WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), "
                       "CASE WHEN t.typtype = 'd' AND t.typcollation <> bt.typcollation THEN (SELECT collname FROM pg_collation WHERE oid = t.typcollation) END, "
                       "coalesce(" + description("pg_type", "t.oid") + ", '') "
                       "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_type bt ON bt.oid = t.typbasetype "
                       "LEFT JOIN pg_class tc ON tc.oid = t.typrelid "
                       "WHERE " + user_schema("n") + " AND " + not_extension_member("pg_type", "t.oid") + " AND "
                       "(t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND tc.relkind = 'c')) "
                       "ORDER BY 1, 2"});

    // Tables, partitioned tables, views, materialized views, sequences, foreign tables.
    queries.push_back({QueryKind::relations, true, "table",
                       "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence = 'u', c.relrowsecurity, c.relforcerowsecurity, "
                       "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
                       "CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i "
                       "  JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) "
                       "  || ' ' || pg_get_expr(c.relpartbound, c.oid) END, "
                       "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END, "
                       "array_to_string(c.reloptions, ', '), "
                       "coalesce(ds.description, ''), "
                       "format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
                       // A sequence's owning column (SERIAL: 'a', identity: 'i'), as table oid and column number.
                       "d.refobjid, d.refobjsubid, d.deptype "
                       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_sequence s ON s.seqrelid = c.oid "
                       "LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = c.oid AND ds.objsubid = 0 "
                       "LEFT JOIN LATERAL (SELECT d.refobjid, d.refobjsubid, d.deptype FROM pg_depend d WHERE c.relkind = 'S' "
                       "  AND d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass "
                       "  AND d.deptype IN ('a', 'i') LIMIT 1) d ON true "
                       "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + user_schema("n") + " AND " +
                           not_extension_member("pg_class", "c.oid") + " ORDER BY 2, 3"});

    // Columns, constraints, indexes, triggers and policies are read for every relation in a user
    // schema; the inspector keeps those of the relations the query above returned (so objects of
    // extensions drop out there, without another anti-join against pg_depend here).
    queries.push_back({QueryKind::columns, true, "column",
                       "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                       // A default cannot refer to columns, so it is rendered without opening the table (relid 0),
                       // which is several times faster; a generation expression needs the table.
                       "CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) ELSE pg_get_expr(ad.adbin, 0) END, "
                       "a.attidentity, a.attgenerated, "
                       // A collation other than the type's (100, the database default, is every
                       // text column's unless COLLATE says otherwise): looked up only then.
                       "CASE WHEN a.attcollation NOT IN (0, 100) THEN (SELECT co.collname FROM pg_collation co JOIN pg_type t "
                       "  ON t.oid = a.atttypid WHERE co.oid = a.attcollation AND t.typcollation <> a.attcollation) END, "
                       "ds.description, a.attnum "
                       "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                       "LEFT JOIN pg_description ds ON ds.classoid = 'pg_class'::regclass AND ds.objoid = a.attrelid AND ds.objsubid = a.attnum "
                       "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm', 'v') AND " + user_schema("n") +
                           // Sorting 100,000s of rows costs the server more than the inspector: the
                           // inspector orders each table's columns by number (a.attnum).
                           ""});

    const std::string nulls_not_distinct =
        version >= 150000 ? "CASE WHEN con.contype = 'u' THEN (SELECT ix.indnullsnotdistinct FROM pg_index ix WHERE ix.indexrelid = con.conindid) END"
                          : "false";
    queries.push_back({QueryKind::constraints, false, "constraint",
                       "SELECT con.conrelid, con.conname, con.contype, con.condeferrable, con.condeferred, con.convalidated, con.connoinherit, "
                       "array_to_string(con.conkey, ','), fn.nspname, fc.relname, array_to_string(con.confkey, ','), con.confrelid, "
                       "con.confupdtype, con.confdeltype, con.confmatchtype, "
                       // pg_get_constraintdef renders a check without opening its table (pg_get_expr would).
                       "CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid) END, "
                       "CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END, " + nulls_not_distinct + " "
                       "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
                       "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND " + user_schema("n") +
                           " ORDER BY con.conrelid, con.conname"});

    // Indexes written as CREATE INDEX (those behind PRIMARY KEY / UNIQUE / EXCLUDE constraints are
    // the constraints'). One row per index key (set-based: no per-index subquery). Key: the column, or the expression
    // number (named from the columns query) or the expression (rendered only for expression
    // keys), DESC / NULLS FIRST bits, a non-default operator class, a non-default collation.
    const std::string index_nulls = version >= 150000 ? "i.indnullsnotdistinct" : "false";
    queries.push_back({QueryKind::indexes, false, "index",
                       "SELECT i.indrelid, n.nspname, ic.relname, i.indisunique, am.amname, i.indnkeyatts, "
                       // The predicate, from pg_get_indexdef (which, unlike pg_get_expr, does not open the table).
                       "CASE WHEN i.indpred IS NOT NULL AND k.ord = 1 THEN pg_get_indexdef(i.indexrelid) END, NULL, " +
                           index_nulls + ", k.ord, k.attnum, "
                       "CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.ord::int, true) END, "
                       "i.indoption[(k.ord - 1)::int], opc.opcname, co.collname "
                       "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid "
                       "JOIN pg_namespace n ON n.oid = ic.relnamespace JOIN pg_am am ON am.oid = ic.relam "
                       "CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "
                       "LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[(k.ord - 1)::int] AND NOT opc.opcdefault "
                       // 100 is the database's default collation
                       "LEFT JOIN pg_collation co ON co.oid = i.indcollation[(k.ord - 1)::int] AND co.oid <> 100 "
                       "WHERE c.relkind IN ('r', 'p', 'm') AND " + user_schema("n") + "" +
                       " AND NOT EXISTS (SELECT 1 FROM pg_constraint pc WHERE pc.conindid = i.indexrelid AND pc.conrelid = i.indrelid "
                       "  AND pc.contype IN ('p', 'u', 'x')) "
                       "ORDER BY i.indrelid, ic.relname, k.ord"});

    const std::string body = version >= 140000
                                 ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END"
                                 : "p.prosrc";
    queries.push_back({QueryKind::functions, false, "function",
                       "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind, "
                       "CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END, l.lanname, p.provolatile, p.prosecdef, "
                       "p.proisstrict, " + body + ", CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END, "
                       "coalesce(" + description("pg_proc", "p.oid") + ", '') "
                       "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
                       "WHERE " + user_schema("n") + " AND " + not_extension_member("pg_proc", "p.oid") + " ORDER BY 1, 2, 3"});

    const std::string clone_filter = version >= 130000 ? " AND t.tgparentid = 0" : "";
    queries.push_back({QueryKind::triggers, false, "trigger",
                       "SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, t.tgtype "
                       "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE NOT t.tgisinternal" + clone_filter + " AND " + user_schema("n") +
                           " ORDER BY t.tgrelid, t.tgname"});

    queries.push_back({QueryKind::policies, false, "policy",
                       "SELECT pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive, "
                       "(SELECT string_agg(x, E'\\x1f' ORDER BY x) FROM (SELECT CASE WHEN r = 0 THEN 'public' "
                       "  ELSE pg_get_userbyid(r)::text END AS x FROM unnest(pol.polroles) AS r) s), "
                       "pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid) "
                       "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE " + user_schema("n") + "" +
                       " ORDER BY pol.polrelid, pol.polname"});

    // Everything dbaudit sees but does not compare yet: listed, never skipped silently.
    auto in_user_schema = [&](const std::string& catalog, const std::string& alias, const std::string& nsp_column,
                              const std::string& name_expr, const std::string& kind, const std::string& extra = "") {
        return "SELECT '" + kind + "', n.nspname || '.' || " + name_expr + " FROM " + catalog + " " + alias +
               " JOIN pg_namespace n ON n.oid = " + alias + "." + nsp_column + " WHERE " + user_schema("n") + " AND " +
               not_extension_member(catalog, alias + ".oid") + extra;
    };
    auto global = [&](const std::string& catalog, const std::string& alias, const std::string& name_expr,
                      const std::string& kind, const std::string& extra = "") {
        return "SELECT '" + kind + "', " + name_expr + " FROM " + catalog + " " + alias + " WHERE " + alias +
               ".oid >= 16384 AND " + not_extension_member(catalog, alias + ".oid") + extra;
    };
    std::vector<std::string> parts = {
        in_user_schema("pg_collation", "o", "collnamespace", "o.collname", "collation"),
        in_user_schema("pg_operator", "o", "oprnamespace", "o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')'", "operator"),
        in_user_schema("pg_opclass", "o", "opcnamespace", "o.opcname", "operator_class"),
        in_user_schema("pg_opfamily", "o", "opfnamespace", "o.opfname", "operator_family"),
        in_user_schema("pg_conversion", "o", "connamespace", "o.conname", "conversion"),
        in_user_schema("pg_statistic_ext", "o", "stxnamespace", "o.stxname", "statistics"),
        in_user_schema("pg_ts_config", "o", "cfgnamespace", "o.cfgname", "text_search_configuration"),
        in_user_schema("pg_ts_dict", "o", "dictnamespace", "o.dictname", "text_search_dictionary"),
        in_user_schema("pg_ts_parser", "o", "prsnamespace", "o.prsname", "text_search_parser"),
        in_user_schema("pg_ts_template", "o", "tmplnamespace", "o.tmplname", "text_search_template"),
        in_user_schema("pg_type", "o", "typnamespace", "o.typname", "base_type", " AND o.typtype IN ('b', 'p') AND o.typarray <> 0"),
        in_user_schema("pg_class", "o", "relnamespace", "o.relname", "foreign_table", " AND o.relkind = 'f'"),
        "SELECT 'rule', n.nspname || '.' || c.relname || '.' || o.rulename FROM pg_rewrite o JOIN pg_class c ON c.oid = o.ev_class "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE o.rulename <> '_RETURN' AND " + user_schema("n") + " AND " +
            not_extension_member("pg_class", "c.oid"),
        "SELECT 'event_trigger', o.evtname FROM pg_event_trigger o WHERE " + not_extension_member("pg_event_trigger", "o.oid"),
        global("pg_cast", "o", "format_type(o.castsource, NULL) || ' AS ' || format_type(o.casttarget, NULL)", "cast"),
        global("pg_foreign_data_wrapper", "o", "o.fdwname", "foreign_data_wrapper"),
        global("pg_foreign_server", "o", "o.srvname", "foreign_server"),
        global("pg_language", "o", "o.lanname", "language"),
        global("pg_am", "o", "o.amname", "access_method"),
        global("pg_transform", "o", "format_type(o.trftype, NULL) || ' ' || (SELECT lanname FROM pg_language WHERE oid = o.trflang)", "transform"),
        "SELECT 'publication', o.pubname FROM pg_publication o",
        "SELECT 'default_privileges', pg_get_userbyid(o.defaclrole) || coalesce(' in ' || (SELECT nspname FROM pg_namespace WHERE oid = o.defaclnamespace), '') "
        "|| ' on ' || CASE o.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' "
        "WHEN 'T' THEN 'types' ELSE 'schemas' END FROM pg_default_acl o",
    };
    std::string unsupported;
    for (const std::string& part : parts) unsupported += (unsupported.empty() ? "" : " UNION ALL ") + part;
    queries.push_back({QueryKind::unsupported, false, "unsupported", unsupported + " ORDER BY 1, 2"});
    return queries;
}

}  // namespace dbaudit::engine::postgres
