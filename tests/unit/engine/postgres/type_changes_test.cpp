// What a column type change costs on PostgreSQL, from the two format_type strings.
#include <gtest/gtest.h>

#include "dbaudit/engine/postgres/type_changes.hpp"

namespace dbaudit::engine::postgres {
namespace {

TEST(PgTypeChanges, StorageKeptOnlyWhenTheBytesStayValid) {
    EXPECT_TRUE(keeps_storage("character varying(20)", "character varying(50)"));
    EXPECT_TRUE(keeps_storage("character varying(20)", "text"));
    EXPECT_TRUE(keeps_storage("text", "character varying"));
    EXPECT_TRUE(keeps_storage("numeric(10,2)", "numeric(12,2)"));
    EXPECT_TRUE(keeps_storage("numeric(10,2)", "numeric"));
    EXPECT_FALSE(keeps_storage("character varying(50)", "character varying(20)"));
    EXPECT_FALSE(keeps_storage("numeric(10,2)", "numeric(10,3)"));
    EXPECT_FALSE(keeps_storage("integer", "bigint"));  // a rewrite, though it widens
    EXPECT_FALSE(keeps_storage("text", "integer"));
}

TEST(PgTypeChanges, WideningLosesNothing) {
    EXPECT_TRUE(widens("integer", "bigint"));
    EXPECT_TRUE(widens("smallint", "integer"));
    EXPECT_TRUE(widens("integer", "numeric"));
    EXPECT_TRUE(widens("real", "double precision"));
    EXPECT_TRUE(widens("integer", "text"));
    EXPECT_TRUE(widens("date", "timestamp without time zone"));
    EXPECT_FALSE(widens("bigint", "integer"));
    EXPECT_FALSE(widens("text", "integer"));
    EXPECT_FALSE(widens("character varying(50)", "character varying(20)"));
    EXPECT_FALSE(widens("integer", "numeric(5,2)"));
    EXPECT_FALSE(widens("integer[]", "text"));
}

TEST(PgTypeChanges, UsingNeededWithoutAnAssignmentCast) {
    EXPECT_TRUE(assignment_castable("integer", "text"));
    EXPECT_TRUE(assignment_castable("numeric(10,2)", "integer"));
    EXPECT_TRUE(assignment_castable("date", "timestamp with time zone"));
    EXPECT_TRUE(assignment_castable("public.mood", "text"));
    EXPECT_FALSE(assignment_castable("text", "integer"));
    EXPECT_FALSE(assignment_castable("text", "public.mood"));
    EXPECT_FALSE(assignment_castable("integer", "boolean"));
    EXPECT_FALSE(assignment_castable("integer[]", "text[]"));
}

TEST(PgTypeChanges, FamiliesForSuspectedRenames) {
    EXPECT_EQ(type_family("bigint"), type_family("smallint"));
    EXPECT_EQ(type_family("character varying(20)"), type_family("text"));
    EXPECT_NE(type_family("integer"), type_family("text"));
    EXPECT_EQ(type_family("integer[]"), "integer[]");
}

}  // namespace
}  // namespace dbaudit::engine::postgres
