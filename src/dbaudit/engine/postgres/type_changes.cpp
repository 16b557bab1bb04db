#include "dbaudit/engine/postgres/type_changes.hpp"

#include <algorithm>
#include <cstdlib>

namespace dbaudit::engine::postgres {

namespace {

struct ParsedType {
    std::string base;       // "character varying", "numeric", "public.mood"
    int precision = -1;     // first modifier; -1 = none
    int scale = -1;         // second modifier
    bool array = false;
};

ParsedType parse(std::string_view type) {
    ParsedType out;
    std::string_view t = type;
    while (t.size() >= 2 && t.substr(t.size() - 2) == "[]") {
        out.array = true;
        t.remove_suffix(2);
    }
    const std::size_t paren = t.find('(');
    if (paren == std::string_view::npos) {
        out.base = std::string(t);
        return out;
    }
    const std::size_t close = t.find(')', paren);
    out.base = std::string(t.substr(0, paren));
    // "timestamp(3) without time zone": the words after the modifier belong to the name.
    if (close != std::string_view::npos && close + 1 < t.size()) out.base += std::string(t.substr(close + 1));
    const std::string modifiers(t.substr(paren + 1, close == std::string_view::npos ? std::string_view::npos : close - paren - 1));
    out.precision = std::atoi(modifiers.c_str());
    const std::size_t comma = modifiers.find(',');
    if (comma != std::string::npos) out.scale = std::atoi(modifiers.c_str() + comma + 1);
    return out;
}

int integer_rank(const std::string& base) {
    if (base == "smallint") return 1;
    if (base == "integer") return 2;
    if (base == "bigint") return 3;
    return 0;
}

bool is_string(const std::string& base) { return base == "text" || base == "character varying" || base == "character" || base == "\"char\"" || base == "name"; }
bool is_number(const std::string& base) {
    return integer_rank(base) || base == "numeric" || base == "real" || base == "double precision" || base == "money";
}
bool is_time(const std::string& base) {
    return base == "date" || base.rfind("timestamp", 0) == 0 || base.rfind("time ", 0) == 0 || base == "time" || base == "interval";
}

}  // namespace

std::string type_family(std::string_view type) {
    const ParsedType t = parse(type);
    std::string family = integer_rank(t.base) ? "integer"
                         : is_number(t.base)  ? "numeric"
                         : is_string(t.base)  ? "string"
                         : is_time(t.base)    ? "time"
                         : t.base == "json" || t.base == "jsonb" ? "json"
                                              : t.base;
    return t.array ? family + "[]" : family;
}

bool keeps_storage(std::string_view from, std::string_view to) {
    if (from == to) return true;
    const ParsedType a = parse(from), b = parse(to);
    if (a.array != b.array) return false;
    const bool a_var = a.base == "character varying" || a.base == "text";
    const bool b_var = b.base == "character varying" || b.base == "text";
    if (a_var && b_var) {
        // To text or unbounded varchar, or to a longer bound.
        if (b.base == "text" || b.precision < 0) return true;
        return a.base == "character varying" && a.precision >= 0 && b.precision >= a.precision;
    }
    if (a.base == b.base && a.base == "numeric") {
        if (b.precision < 0) return true;
        return a.precision >= 0 && a.scale == b.scale && b.precision >= a.precision;
    }
    if (a.base == b.base && (a.base == "bit varying" || a.base.rfind("timestamp", 0) == 0 || a.base.rfind("time", 0) == 0))
        return b.precision < 0 || (a.precision >= 0 && b.precision >= a.precision);
    if (a.base == "cidr" && b.base == "inet") return true;
    return false;
}

bool widens(std::string_view from, std::string_view to) {
    if (keeps_storage(from, to)) return true;
    const ParsedType a = parse(from), b = parse(to);
    if (a.array != b.array) return false;
    if (integer_rank(a.base) && integer_rank(b.base)) return integer_rank(b.base) >= integer_rank(a.base);
    if (integer_rank(a.base) && b.base == "numeric") return b.precision < 0 || b.precision - std::max(b.scale, 0) >= (integer_rank(a.base) == 1 ? 5 : integer_rank(a.base) == 2 ? 10 : 19);
    if (a.base == "real" && b.base == "double precision") return true;
    if (a.base == "numeric" && b.base == "numeric")
        return b.precision < 0 || (a.precision >= 0 && b.precision - std::max(b.scale, 0) >= a.precision - std::max(a.scale, 0) && b.scale >= a.scale);
    // Every value has a text form that reads back as the same value.
    if (b.base == "text" && !b.array) return !a.array;
    if (a.base == "character" && (b.base == "character varying" || b.base == "text")) return b.precision < 0 || b.precision >= a.precision;
    if (a.base == "date" && b.base.rfind("timestamp", 0) == 0) return true;
    return false;
}

bool assignment_castable(std::string_view from, std::string_view to) {
    if (keeps_storage(from, to)) return true;
    const ParsedType a = parse(from), b = parse(to);
    if (a.array || b.array) return a.array == b.array && a.base == b.base;
    if (is_string(b.base)) return true;  // I/O conversion to a string type is an assignment cast
    if (is_string(a.base)) return false;  // from a string only explicitly
    if (is_number(a.base) && is_number(b.base)) return a.base != "money" && b.base != "money";
    if (is_time(a.base) && is_time(b.base)) return (a.base == "interval") == (b.base == "interval");
    if (a.base == b.base) return true;  // a modifier change of another type
    return false;
}

}  // namespace dbaudit::engine::postgres
