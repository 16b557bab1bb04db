#include "support/catalog_compare.hpp"

#include <sstream>
#include <vector>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/snapshot.hpp"

namespace dbaudit::testing {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

std::string catalog_difference(const model::Catalog& a, const model::Catalog& b) {
    const std::string left = snapshot::write_snapshot(a);
    const std::string right = snapshot::write_snapshot(b);
    // The snapshot carries every field, so equal texts and operator== must agree; both are checked
    // in case a field was added to the model and not yet to the snapshot.
    if (left == right && a == b) return {};
    if (left == right) return "the catalogs differ in a field the snapshot does not carry (add it to snapshot.cpp)";
    const auto l = lines_of(left), r = lines_of(right);
    std::size_t i = 0;
    while (i < l.size() && i < r.size() && l[i] == r[i]) ++i;
    std::ostringstream out;
    out << "snapshots differ at line " << i + 1 << "\n";
    // The nearest enclosing "name" lines say which object it is.
    for (std::size_t k = i, shown = 0; k-- > 0 && shown < 3;) {
        if (l[k].find("\"name\":") != std::string::npos) {
            out << "  in" << l[k] << "\n";
            ++shown;
        }
    }
    for (std::size_t k = i; k < i + 6 && k < l.size(); ++k) out << "  first : " << l[k] << "\n";
    for (std::size_t k = i; k < i + 6 && k < r.size(); ++k) out << "  second: " << r[k] << "\n";
    return out.str();
}

}  // namespace dbaudit::testing
