// PostgreSQL object kinds beyond tables, views and triggers: schemas, extensions, user-defined
// types, sequences, functions, row-level security policies, and what dbaudit sees but does not
// compare. Plain values, engine-neutral in shape (SQLite catalogs leave these lists empty).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dbaudit::model {

struct Schema {
    std::string name;
    std::string comment;

    std::string qualified_name() const { return name; }
    bool operator==(const Schema&) const = default;
};

// An installed extension. Its member objects (functions, types ...) are never listed elsewhere.
struct Extension {
    std::string name;
    std::string version;
    std::string schema;
    std::string comment;

    std::string qualified_name() const { return name; }
    bool operator==(const Extension&) const = default;
};

// An extension the server could install (pg_available_extensions).
struct AvailableExtension {
    std::string name;
    std::string default_version;
    bool operator==(const AvailableExtension&) const = default;
};

enum class TypeKind { enum_type, domain, composite, range };

struct TypeAttribute {
    std::string name;
    std::string type;       // format_type
    std::string collation;  // empty = default

    bool operator==(const TypeAttribute&) const = default;
};

struct UserType {
    std::string schema;
    std::string name;
    TypeKind kind = TypeKind::enum_type;
    std::vector<std::string> labels;          // enum: labels in sort order
    std::string base_type;                    // domain: base type; range: subtype
    bool not_null = false;                    // domain
    std::optional<std::string> default_expr;  // domain
    std::vector<std::string> checks;          // domain: "name: CHECK (...)", sorted by name
    std::vector<TypeAttribute> attributes;    // composite, in order
    std::string collation;                    // domain
    std::string comment;

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    bool operator==(const UserType&) const = default;
};

const char* to_string(TypeKind kind);

struct Sequence {
    std::string schema;
    std::string name;
    std::string data_type;  // bigint, integer, smallint
    long long start = 1;
    long long increment = 1;
    long long min_value = 1;
    long long max_value = 0;
    long long cache = 1;
    bool cycle = false;
    std::string owned_by;  // "schema.table.column" for SERIAL / OWNED BY; empty = none
    std::string comment;

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    bool operator==(const Sequence&) const = default;
};

// A function, procedure, aggregate or window function, identified by name and argument types
// (overloads are distinct objects).
struct Function {
    std::string schema;
    std::string name;
    std::string arguments;  // identity arguments: pg_get_function_identity_arguments
    std::string kind;       // function, procedure, aggregate, window
    std::string result;     // pg_get_function_result; empty for procedures
    std::string language;
    std::string volatility;  // immutable, stable, volatile
    bool security_definer = false;
    bool strict = false;
    std::string body;        // the source as stored (prosrc, or the SQL-standard body)
    std::string body_key;    // the body with whitespace and comments normalized, for comparison
    std::string definition;  // pg_get_functiondef: the engine's own CREATE statement, for rendering
    std::string comment;

    std::string signature() const { return name + "(" + arguments + ")"; }
    std::string qualified_name() const { return (schema.empty() ? "" : schema + ".") + signature(); }
    bool operator==(const Function&) const = default;
};

// A row-level security policy on a table.
struct Policy {
    std::string schema;
    std::string table;  // qualified table name
    std::string name;
    std::string command;  // ALL, SELECT, INSERT, UPDATE, DELETE
    bool permissive = true;
    std::vector<std::string> roles;  // sorted; "public" for PUBLIC
    std::string using_expr;          // empty = none
    std::string with_check;          // empty = none

    std::string qualified_name() const { return table + "." + name; }
    bool operator==(const Policy&) const = default;
};

// An object the inspector saw but dbaudit does not compare yet (a collation, an event trigger ...).
// Reported as an explicit `unsupported` finding, never skipped silently.
struct UnsupportedObject {
    std::string kind;  // collation, event_trigger, aggregate, ...
    std::string name;  // qualified where the kind has schemas

    std::string qualified_name() const { return kind + " " + name; }
    bool operator==(const UnsupportedObject&) const = default;
};

// A kind of object the auditing role could not read (e.g. SELECT on pg_proc revoked): reported
// as not visible instead of calling the expected objects missing.
struct PrivilegeNote {
    std::string kind;    // the ObjectKind word: function, trigger, policy ...
    std::string reason;  // the server's message, e.g. "permission denied for table pg_proc"
    bool operator==(const PrivilegeNote&) const = default;
};

}  // namespace dbaudit::model
