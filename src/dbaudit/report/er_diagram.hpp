// The expected schema as an entity-relationship diagram, with what the live database lacks marked:
// data for the Mermaid `erDiagram` block of the Markdown report. Large schemas are cut down to
// the tables with findings and their foreign-key neighbours, and the cut is recorded.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::report {

struct AuditReport;

enum class ErMark { none, missing, changed };

struct ErAttribute {
    std::string type;  // declared type as the expected schema has it
    std::string name;
    bool primary_key = false;
    bool foreign_key = false;
    bool unique = false;
    ErMark mark = ErMark::none;
};

struct ErEntity {
    std::string name;  // qualified name
    bool missing = false;
    std::vector<ErAttribute> attributes;
};

// parent ||--o{ child: a foreign key of `child` that references `parent`.
struct ErRelationship {
    std::string parent;
    std::string child;
    std::vector<std::string> columns;  // the child's foreign-key columns
    bool optional = false;             // a foreign-key column is nullable: a child may have no parent
    bool one_to_one = false;           // the foreign-key columns are unique in the child
};

struct ErDiagram {
    std::vector<ErEntity> entities;  // sorted by name
    std::vector<ErRelationship> relationships;
    std::size_t expected_tables = 0;
    std::size_t full_limit = 0;        // schemas up to this many tables are drawn whole
    std::size_t cut_limit = 0;         // the most tables a cut-down diagram shows
    std::vector<std::string> omitted;  // expected tables left out of the diagram, sorted
};

// Every table fits when the schema has at most `full_limit` tables; otherwise the tables with
// findings and their foreign-key neighbours, at most `cut_limit` of them (tables with findings first).
struct ErDiagramLimits {
    std::size_t full_limit = 40;
    std::size_t cut_limit = 60;
};

ErDiagram build_er_diagram(const model::Catalog& expected, const AuditReport& report, const ErDiagramLimits& limits = {});

}  // namespace dbaudit::report
