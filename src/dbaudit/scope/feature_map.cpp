#include "dbaudit/scope/feature_map.hpp"

#include <algorithm>
#include <cctype>

#include "dbaudit/util/error.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::scope {

namespace {

constexpr std::string_view k_marker = "-- dbaudit:feature";

bool valid_feature_name(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
    });
}

}  // namespace

void FeatureRegions::add_file(const std::string& path, std::string_view text, const std::string& file_feature) {
    auto note = [&](const std::string& feature) {
        if (!feature.empty() && std::find(m_features.begin(), m_features.end(), feature) == m_features.end())
            m_features.push_back(feature);
    };
    std::vector<Start>& starts = m_starts[path];
    starts.assign(1, {1, file_feature});
    note(file_feature);
    int line = 1;
    for (std::size_t at = 0; at <= text.size(); ++line) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(at, end - at);
        const std::string_view content = util::trim(raw);
        if (content.substr(0, k_marker.size()) == k_marker &&
            (content.size() == k_marker.size() || std::isspace(static_cast<unsigned char>(content[k_marker.size()])))) {
            const std::string_view name = util::trim(content.substr(k_marker.size()));
            if (!valid_feature_name(name)) {
                const auto location = util::locate(path, text, at + raw.find('-'));
                throw util::InputError(location.to_string() + ": '-- dbaudit:feature' needs one feature name (letters, digits, _ - .)" +
                                           (name.empty() ? std::string() : ", not '" + std::string(name) + "'"),
                                       "write the marker on a line of its own: -- dbaudit:feature billing");
            }
            starts.push_back({line, std::string(name)});
            note(std::string(name));
        }
        at = end + 1;
    }
}

std::string FeatureRegions::feature_at(const std::string& path, int line) const {
    const auto it = m_starts.find(path);
    if (it == m_starts.end()) return {};
    std::string feature;
    for (const Start& start : it->second) {
        if (start.line > line) break;
        feature = start.feature;
    }
    return feature;
}

std::string_view without_arguments(std::string_view signature) {
    const auto paren = signature.find('(');
    return paren == std::string_view::npos ? signature : signature.substr(0, paren);
}

FeatureMap::FeatureMap(const model::Catalog& expected, const FeatureRegions& regions)
    : m_matching(expected.name_matching), m_features(regions.features()) {
    using model::DefinedKind;
    for (const model::ObjectSource& source : expected.sources) {
        if (source.name.empty()) continue;  // an index PostgreSQL names itself goes with its table
        const std::string feature = regions.feature_at(source.location.file, source.location.line);
        // CREATE OR REPLACE may define an object twice: the last definition is the one that counts.
        m_features_by_object[{source.kind, key(source.name)}] = feature;
    }
    // Objects no statement names (SERIAL sequences, constraint indexes ...) go with their table.
    for (const model::Sequence& sequence : expected.sequences) {
        const ObjectKey k{DefinedKind::sequence, key(sequence.qualified_name())};
        if (m_features_by_object.count(k) || sequence.owned_by.empty()) continue;
        const auto dot = sequence.owned_by.rfind('.');
        m_features_by_object[k] = table_feature(sequence.owned_by.substr(0, dot));
    }
}

std::string FeatureMap::key(std::string_view name) const {
    return m_matching == model::NameMatching::ascii_case_insensitive ? util::ascii_lower(name) : std::string(name);
}

std::string FeatureMap::feature_of(model::DefinedKind kind, std::string_view name) const {
    const auto it = m_features_by_object.find({kind, key(kind == model::DefinedKind::function ? without_arguments(name) : name)});
    return it == m_features_by_object.end() ? std::string() : it->second;
}

std::string FeatureMap::table_feature(std::string_view table) const {
    std::string feature = feature_of(model::DefinedKind::table, table);
    if (feature.empty()) feature = feature_of(model::DefinedKind::materialized_view, table);
    if (feature.empty()) feature = feature_of(model::DefinedKind::view, table);  // INSTEAD OF triggers
    return feature;
}

std::string FeatureMap::feature_of(const diff::Finding& finding) const {
    using diff::ObjectKind;
    using model::DefinedKind;
    auto own_or_table = [&](DefinedKind kind) {
        std::string feature = feature_of(kind, finding.object);
        return feature.empty() ? table_feature(finding.table) : feature;
    };
    switch (finding.kind) {
        case ObjectKind::table: return feature_of(DefinedKind::table, finding.object);
        case ObjectKind::view: return feature_of(DefinedKind::view, finding.object);
        case ObjectKind::materialized_view: return feature_of(DefinedKind::materialized_view, finding.object);
        case ObjectKind::type: return feature_of(DefinedKind::type, finding.object);
        case ObjectKind::sequence: return feature_of(DefinedKind::sequence, finding.object);
        case ObjectKind::function:
        case ObjectKind::procedure: return feature_of(DefinedKind::function, finding.object);
        case ObjectKind::schema: return feature_of(DefinedKind::schema, finding.object);
        case ObjectKind::extension: return feature_of(DefinedKind::extension, finding.object);
        case ObjectKind::index: return own_or_table(DefinedKind::index);
        case ObjectKind::trigger: return own_or_table(DefinedKind::trigger);
        case ObjectKind::policy: return own_or_table(DefinedKind::policy);
        default: break;
    }
    if (finding.type == diff::FindingType::unsupported || finding.type == diff::FindingType::not_visible) return {};
    return finding.table.empty() ? std::string() : table_feature(finding.table);
}

}  // namespace dbaudit::scope
