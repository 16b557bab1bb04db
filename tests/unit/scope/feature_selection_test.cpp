#include "dbaudit/scope/feature_selection.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::scope {
namespace {

using model::DefinedKind;

struct Loaded {
    model::Catalog catalog;
    FeatureMap features;
};

Loaded load(const std::vector<engine::SchemaFile>& files) {
    FeatureRegions regions;
    for (const auto& file : files) regions.add_file(file.path, file.text, file.feature);
    Loaded out{engine::sqlite::load_expected_schema(files), {}};
    out.features = FeatureMap(out.catalog, regions);
    return out;
}

std::vector<std::string> described(const FeatureSelection& selection) {
    std::vector<std::string> out;
    for (const auto& inclusion : selection.included) out.push_back(inclusion.describe());
    return out;
}

const std::vector<engine::SchemaFile> k_files = {
    {"s/accounts.sql",
     "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n"
     "CREATE INDEX idx_users_email ON users(email);\n"
     "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));\n",
     "accounts"},
    {"s/audit.sql", "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what TEXT);\n", "audit"},
    {"s/billing.sql",
     "CREATE TABLE invoices (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));\n"
     "CREATE TABLE lines (id INTEGER PRIMARY KEY, invoice_id INTEGER REFERENCES invoices(id));\n"
     "CREATE TRIGGER log_invoice AFTER INSERT ON invoices BEGIN INSERT INTO audit_log(what) VALUES ('invoice'); END;\n",
     "billing"},
    {"s/reports.sql",
     "CREATE VIEW revenue AS SELECT i.id FROM invoices i JOIN lines l ON l.invoice_id = i.id;\n"
     "CREATE TRIGGER on_session AFTER INSERT ON sessions BEGIN SELECT 1; END;\n",
     "reports"},
};

TEST(FeatureSelection, ForeignKeyParentsAreIncludedTransitivelyAndNamed) {
    const Loaded loaded = load(k_files);
    const FeatureSelection selection = select_features(loaded.catalog, loaded.features, {"billing"});
    EXPECT_TRUE(selection.objects.count({DefinedKind::table, "invoices"}));
    EXPECT_TRUE(selection.objects.count({DefinedKind::table, "lines"}));
    EXPECT_TRUE(selection.objects.count({DefinedKind::table, "users"}));
    EXPECT_TRUE(selection.objects.count({DefinedKind::index, "idx_users_email"}));  // a table comes whole
    EXPECT_TRUE(selection.objects.count({DefinedKind::table, "audit_log"}));
    EXPECT_FALSE(selection.objects.count({DefinedKind::table, "sessions"}));
    EXPECT_FALSE(selection.objects.count({DefinedKind::view, "revenue"}));
    EXPECT_EQ(described(selection),
              (std::vector<std::string>{
                  "table users (feature accounts): included because table invoices references it (foreign key user_id)",
                  "table audit_log (feature audit): included because trigger log_invoice uses it"}));
}

TEST(FeatureSelection, ViewsPullWhatTheyReadAndTriggersTheirTable) {
    const Loaded loaded = load(k_files);
    const FeatureSelection selection = select_features(loaded.catalog, loaded.features, {"reports"});
    EXPECT_EQ(described(selection),
              (std::vector<std::string>{
                  "table invoices (feature billing): included because view revenue reads it",
                  "table lines (feature billing): included because view revenue reads it",
                  "table sessions (feature accounts): included because trigger on_session fires on it",
                  "table users (feature accounts): included because table invoices references it (foreign key user_id)",
                  "table audit_log (feature audit): included because trigger log_invoice uses it"}));
}

TEST(FeatureSelection, ChosenFeaturesAreNotReportedAsIncluded) {
    const Loaded loaded = load(k_files);
    const FeatureSelection selection = select_features(loaded.catalog, loaded.features, {"billing", "accounts", "billing"});
    EXPECT_EQ(selection.features, (std::vector<std::string>{"billing", "accounts"}));
    EXPECT_EQ(described(selection), (std::vector<std::string>{"table audit_log (feature audit): included because trigger log_invoice uses it"}));
    EXPECT_TRUE(selection.objects.count({DefinedKind::trigger, "on_session"}));  // a trigger of reports on an accounts table comes with it
}

TEST(FeatureSelection, UnknownFeatureListsTheKnownOnes) {
    const Loaded loaded = load(k_files);
    try {
        select_features(loaded.catalog, loaded.features, {"billing", "biling"});
        FAIL() << "no error";
    } catch (const util::InputError& e) {
        EXPECT_STREQ(e.what(), "unknown feature 'biling' (features: accounts, audit, billing, reports)");
    }
    const Loaded none = load({{"one.sql", "CREATE TABLE a(x);\n"}});
    try {
        select_features(none.catalog, none.features, {"a"});
        FAIL() << "no error";
    } catch (const util::InputError& e) {
        EXPECT_STREQ(e.what(), "unknown feature 'a': the expected schema defines no features");
    }
}

// PostgreSQL kinds: types, sequences and functions a column, trigger or view uses, and schemas.
TEST(FeatureSelection, TypesSequencesFunctionsAndSchemasOfOtherFeatures) {
    model::Catalog catalog;
    catalog.engine = "postgresql";
    catalog.schemas = {{"app"}, {"public"}};
    model::UserType mood;
    mood.schema = "public";
    mood.name = "mood";
    catalog.types = {mood};
    model::Sequence seq;
    seq.schema = "public";
    seq.name = "ticket_no";
    catalog.sequences = {seq};
    model::Function touch;
    touch.schema = "public";
    touch.name = "touch";
    touch.language = "plpgsql";
    touch.result = "trigger";
    catalog.functions = {touch};
    model::Table tickets;
    tickets.schema = "app";
    tickets.name = "tickets";
    tickets.columns = {{"feeling", "public.mood"}, {"no", "bigint"}};
    tickets.columns[1].default_expr = "nextval('public.ticket_no'::regclass)";
    catalog.tables = {tickets};
    model::Trigger trigger;
    trigger.schema = "app";
    trigger.name = "tickets_touch";
    trigger.table = "app.tickets";
    trigger.definition = "CREATE TRIGGER tickets_touch BEFORE UPDATE ON app.tickets FOR EACH ROW EXECUTE FUNCTION public.touch()";
    catalog.triggers = {trigger};
    catalog.sort();
    auto at = [](int line) { return util::SourceLocation{"schema.sql", line, 1}; };
    catalog.sources = {{DefinedKind::schema, "app", {}, at(1)},         {DefinedKind::type, "public.mood", {}, at(2)},
                       {DefinedKind::sequence, "public.ticket_no", {}, at(3)}, {DefinedKind::function, "public.touch", {}, at(4)},
                       {DefinedKind::table, "app.tickets", {}, at(6)},  {DefinedKind::trigger, "app.tickets_touch", "app.tickets", at(7)}};
    FeatureRegions regions;
    regions.add_file("schema.sql", "-- dbaudit:feature platform\n\n\n\n-- dbaudit:feature tickets\n\n\n", "");
    const FeatureMap map(catalog, regions);
    const FeatureSelection selection = select_features(catalog, map, {"tickets"});
    EXPECT_EQ(described(selection),
              (std::vector<std::string>{"schema app (feature platform): included because table app.tickets is in it",
                                        "type public.mood (feature platform): included because column app.tickets.feeling uses it",
                                        "sequence public.ticket_no (feature platform): included because column app.tickets.no uses it",
                                        "function public.touch (feature platform): included because trigger app.tickets_touch uses it"}));
    EXPECT_TRUE(selection.objects.count({DefinedKind::schema, "public"}));  // comes along silently: no statement of a feature made it
    EXPECT_TRUE(selection.objects.count({DefinedKind::trigger, "app.tickets_touch"}));
}

}  // namespace
}  // namespace dbaudit::scope
