#include "dbaudit/scope/feature_selection.hpp"

#include <algorithm>
#include <deque>
#include <map>

#include "dbaudit/scope/name_mentions.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::scope {

namespace {

using model::DefinedKind;

// One object of the expected catalog, as the closure walks it.
struct Node {
    ObjectKey key;
    std::string name;
    std::string feature;
    std::string schema;
};

struct Edge {
    ObjectKey to;
    std::string reason;  // empty: a part of its owner (an index of a table), never reported
};

class Graph {
public:
    Graph(const model::Catalog& catalog, const FeatureMap& features) : m_catalog(catalog), m_features(features) {
        for (const auto& t : catalog.tables) {
            add(DefinedKind::table, t.qualified_name(), t.schema);
            for (const auto& index : t.indexes) add_part(DefinedKind::index, index.qualified_name(), index.schema, t.qualified_name());
        }
        for (const auto& v : catalog.views) add(DefinedKind::view, v.qualified_name(), v.schema);
        for (const auto& v : catalog.materialized_views) {
            add(DefinedKind::materialized_view, v.qualified_name(), v.schema);
            for (const auto& index : v.indexes) add_part(DefinedKind::index, index.qualified_name(), index.schema, v.qualified_name());
        }
        for (const auto& t : catalog.triggers) m_triggers[add_part(DefinedKind::trigger, t.qualified_name(), t.schema, t.table)] = &t;
        for (const auto& p : catalog.policies) m_policies[add_part(DefinedKind::policy, p.qualified_name(), p.schema, p.table)] = &p;
        for (const auto& s : catalog.sequences) {
            const std::string owner = s.owned_by.empty() ? std::string() : s.owned_by.substr(0, s.owned_by.rfind('.'));
            add_part(DefinedKind::sequence, s.qualified_name(), s.schema, owner);
        }
        for (const auto& t : catalog.types) m_types[add(DefinedKind::type, t.qualified_name(), t.schema)] = &t;
        for (const auto& f : catalog.functions)
            m_functions[add(DefinedKind::function, f.schema.empty() ? f.name : f.schema + "." + f.name, f.schema)].push_back(&f);
        for (const auto& s : catalog.schemas) add(DefinedKind::schema, s.name, {});
        for (const auto& e : catalog.extensions) add(DefinedKind::extension, e.name, {});
        for (const Node& node : m_nodes) {
            switch (node.key.kind) {
                case DefinedKind::table: case DefinedKind::view: case DefinedKind::materialized_view: case DefinedKind::type:
                case DefinedKind::sequence: case DefinedKind::function: case DefinedKind::extension:
                    m_by_name.emplace(node.key.name, node.key);
                    break;
                default: break;
            }
        }
    }

    const Node* find(const ObjectKey& key) const {
        const auto it = m_index.find(key);
        return it == m_index.end() ? nullptr : &m_nodes[it->second];
    }
    const std::vector<Node>& nodes() const { return m_nodes; }

    std::vector<Edge> edges(const Node& node) const {
        std::vector<Edge> out;
        const std::string label = std::string(model::to_string(node.key.kind)) + " " + node.name;
        auto mentions = [&](std::string_view sql, const std::string& reason) {
            for (const std::string& name : mentioned_names(sql)) {
                const auto range = m_by_name.equal_range(m_features.key(name));
                for (auto it = range.first; it != range.second; ++it)
                    if (it->second != node.key) out.push_back({it->second, reason});
            }
        };
        auto relation = [&](const std::string& name, const std::string& reason) {
            for (DefinedKind kind : {DefinedKind::table, DefinedKind::view, DefinedKind::materialized_view})
                if (find({kind, m_features.key(name)})) out.push_back({{kind, m_features.key(name)}, reason});
        };
        if (!node.schema.empty()) {
            const ObjectKey schema{DefinedKind::schema, m_features.key(node.schema)};
            if (find(schema)) out.push_back({schema, label + " is in it"});
        }
        // A part (index, trigger, policy, owned sequence) needs its owner; an owner brings its parts.
        if (auto owner = m_owner.find(node.key); owner != m_owner.end() && !owner->second.empty()) {
            const char* verb = node.key.kind == DefinedKind::trigger ? " fires on it"
                               : node.key.kind == DefinedKind::sequence ? " is owned by it"
                                                                         : " is on it";
            relation(owner->second, label + verb);
        }
        if (auto parts = m_parts.find(node.key.name); parts != m_parts.end())
            for (const ObjectKey& part : parts->second) out.push_back({part, {}});
        switch (node.key.kind) {
            case DefinedKind::table: {
                const model::Table& table = *m_catalog.find_table(node.name);
                for (const auto& key : table.foreign_keys) {
                    const std::string schema = !key.referenced_schema.empty() ? key.referenced_schema : table.schema;
                    relation(schema.empty() ? key.referenced_table : schema + "." + key.referenced_table,
                             label + " references it (foreign key " + util::join(key.columns, ", ") + ")");
                }
                for (const auto& column : table.columns) {
                    const std::string reason = "column " + node.name + "." + column.name + " uses it";
                    mentions(column.type, reason);
                    if (column.default_expr) mentions(*column.default_expr, reason);
                    mentions(column.generation_expr, reason);
                }
                for (const auto& check : table.checks) mentions(check.expression, label + " uses it (check " + check.name + ")");
                const std::string& parent = table.options.partition_of;
                if (!parent.empty()) relation(parent.substr(0, parent.find(' ')), label + " is a partition of it");
                break;
            }
            case DefinedKind::view:
                mentions(m_catalog.find_view(node.name)->definition, label + " reads it");
                break;
            case DefinedKind::materialized_view:
                mentions(m_catalog.find_materialized_view(node.name)->definition, label + " reads it");
                break;
            case DefinedKind::trigger:
                mentions(m_triggers.at(node.key)->definition, label + " uses it");
                break;
            case DefinedKind::policy:
                mentions(m_policies.at(node.key)->using_expr, label + " uses it");
                mentions(m_policies.at(node.key)->with_check, label + " uses it");
                break;
            case DefinedKind::function:
                for (const model::Function* function : m_functions.at(node.key)) {
                    mentions(function->arguments, label + " uses it");
                    mentions(function->result, label + " uses it");
                    if (util::iequals(function->language, "sql")) mentions(function->body, label + " uses it");
                }
                break;
            case DefinedKind::type: {
                const model::UserType& type = *m_types.at(node.key);
                mentions(type.base_type, label + " uses it");
                for (const auto& attribute : type.attributes) mentions(attribute.type, label + " uses it");
                for (const auto& check : type.checks) mentions(check, label + " uses it");
                break;
            }
            case DefinedKind::index:
            case DefinedKind::sequence:
            case DefinedKind::schema:
            case DefinedKind::extension: break;
        }
        return out;
    }

private:
    ObjectKey add(DefinedKind kind, const std::string& name, const std::string& schema) {
        ObjectKey key{kind, m_features.key(name)};
        if (!m_index.count(key)) {  // function overloads share one node
            m_index.emplace(key, m_nodes.size());
            m_nodes.push_back({key, name, m_features.feature_of(kind, name), schema});
        }
        return key;
    }
    ObjectKey add_part(DefinedKind kind, const std::string& name, const std::string& schema, const std::string& owner) {
        ObjectKey key = add(kind, name, schema);
        m_owner[key] = owner;
        if (!owner.empty()) m_parts[m_features.key(owner)].push_back(key);
        return key;
    }

    const model::Catalog& m_catalog;
    const FeatureMap& m_features;
    std::vector<Node> m_nodes;
    std::map<ObjectKey, std::size_t> m_index;
    std::multimap<std::string, ObjectKey> m_by_name;
    std::map<ObjectKey, std::string> m_owner;                     // part -> the relation it belongs to
    std::map<std::string, std::vector<ObjectKey>> m_parts;        // relation key -> its parts
    std::map<ObjectKey, const model::Trigger*> m_triggers;
    std::map<ObjectKey, const model::Policy*> m_policies;
    std::map<ObjectKey, const model::UserType*> m_types;
    std::map<ObjectKey, std::vector<const model::Function*>> m_functions;
};

}  // namespace

std::string Inclusion::describe() const {
    return std::string(model::to_string(kind)) + " " + name + " (" + (feature.empty() ? "no feature" : "feature " + feature) +
           "): included because " + reason;
}

void check_features_exist(const std::vector<std::string>& known, const std::vector<std::string>& chosen) {
    for (const std::string& name : chosen) {
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        if (known.empty())
            throw util::InputError("unknown feature '" + name + "': the expected schema defines no features",
                                   "a --schema directory makes each file a feature; a line '-- dbaudit:feature NAME' starts one");
        throw util::InputError("unknown feature '" + name + "' (features: " + util::join(known, ", ") + ")");
    }
}

FeatureSelection select_features(const model::Catalog& expected, const FeatureMap& features, const std::vector<std::string>& chosen) {
    FeatureSelection selection;
    check_features_exist(features.features(), chosen);
    for (const std::string& name : chosen)
        if (std::find(selection.features.begin(), selection.features.end(), name) == selection.features.end())
            selection.features.push_back(name);
    const Graph graph(expected, features);
    auto chosen_feature = [&](const std::string& feature) {
        return std::find(selection.features.begin(), selection.features.end(), feature) != selection.features.end();
    };
    std::deque<ObjectKey> work;
    for (const Node& node : graph.nodes()) {
        if (!chosen_feature(node.feature)) continue;
        selection.objects.insert(node.key);
        work.push_back(node.key);
    }
    while (!work.empty()) {
        const Node* node = graph.find(work.front());
        work.pop_front();
        if (!node) continue;
        for (Edge& edge : graph.edges(*node)) {
            const Node* target = graph.find(edge.to);
            if (!target || !selection.objects.insert(edge.to).second) continue;
            work.push_back(edge.to);
            // Parts of an included object, and shared schemas nobody defined, are not news.
            if (edge.reason.empty() || chosen_feature(target->feature)) continue;
            if (edge.to.kind == DefinedKind::schema && target->feature.empty()) continue;
            selection.included.push_back({edge.to.kind, target->name, target->feature, std::move(edge.reason)});
        }
    }
    return selection;
}

}  // namespace dbaudit::scope
