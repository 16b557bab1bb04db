// Row counts for reports on a real server: exact for small tables, the planner's estimate for
// large analyzed ones, in two queries however many tables.
#include "dbaudit/engine/postgres/row_counts.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/postgres/connection.hpp"
#include "postgres/pg_test_support.hpp"

namespace dbaudit::testing {
namespace {

using engine::RowCount;

TEST(PgRowCounts, ExactWhenSmallEstimatedWhenLargeAbsentWhenMissing) {
    PgDatabase db;
    db.exec("CREATE SCHEMA legacy;"
            "CREATE TABLE legacy.\"Old Contacts\" (id int); INSERT INTO legacy.\"Old Contacts\" SELECT generate_series(1, 3);"
            "CREATE TABLE public.big (id int); INSERT INTO public.big SELECT generate_series(1, 500); ANALYZE public.big;"
            "CREATE TABLE public.empty (id int);");
    auto connection = db.connect();
    const int before = connection.round_trips();
    const auto counts = engine::postgres::count_rows(
        connection, {"legacy.Old Contacts", "public.big", "public.gone", "public.empty"}, 100);
    EXPECT_EQ(connection.round_trips() - before, 2);
    ASSERT_EQ(counts.size(), 3u);
    EXPECT_EQ(counts[0].table, "legacy.Old Contacts");
    EXPECT_EQ(counts[0].rows, 3);
    EXPECT_EQ(counts[0].precision, RowCount::Precision::exact);
    EXPECT_EQ(counts[1].table, "public.big");
    EXPECT_EQ(counts[1].rows, 500);
    EXPECT_EQ(counts[1].precision, RowCount::Precision::estimated);
    EXPECT_EQ(counts[2].table, "public.empty");
    EXPECT_EQ(counts[2].rows, 0);
    EXPECT_EQ(counts[2].precision, RowCount::Precision::exact);
}

}  // namespace
}  // namespace dbaudit::testing
