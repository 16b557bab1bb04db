#include "support/markdown_check.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.hpp"

namespace dbaudit::testing {

namespace {

// The XML cmark-gfm writes: elements with attributes, text, the usual five entities.
struct XmlNode {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;
    std::string text;  // for text-like elements: their character data
    std::vector<std::unique_ptr<XmlNode>> children;

    std::string attribute(const std::string& key) const {
        for (const auto& [k, v] : attributes)
            if (k == key) return v;
        return "";
    }
    // Character data of this node and every descendant.
    std::string all_text() const {
        std::string out = text;
        for (const auto& child : children) out += child->all_text();
        return out;
    }
};

std::string decode_entities(const std::string& raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '&') {
            out += raw[i];
            continue;
        }
        const std::size_t end = raw.find(';', i);
        const std::string entity = raw.substr(i + 1, end - i - 1);
        if (entity == "lt") out += '<';
        else if (entity == "gt") out += '>';
        else if (entity == "amp") out += '&';
        else if (entity == "quot") out += '"';
        else if (entity == "apos") out += '\'';
        else out += "&" + entity + ";";
        i = end;
    }
    return out;
}

std::unique_ptr<XmlNode> parse_xml(const std::string& xml) {
    auto root = std::make_unique<XmlNode>();
    std::vector<XmlNode*> stack{root.get()};
    std::size_t i = 0;
    while (i < xml.size()) {
        if (xml[i] != '<') {
            const std::size_t end = xml.find('<', i);
            // Character data belongs to text-like elements (xml:space="preserve"); elsewhere it is indentation.
            if (stack.back()->attribute("xml:space") == "preserve") stack.back()->text += decode_entities(xml.substr(i, end - i));
            i = end;
            continue;
        }
        const std::size_t end = xml.find('>', i);
        std::string tag = xml.substr(i + 1, end - i - 1);
        i = end + 1;
        if (tag.starts_with("?") || tag.starts_with("!")) continue;
        if (tag.starts_with("/")) {
            stack.pop_back();
            continue;
        }
        const bool self_closing = tag.ends_with("/");
        if (self_closing) tag.pop_back();
        auto node = std::make_unique<XmlNode>();
        std::istringstream in(tag);
        in >> node->name;
        static const std::regex k_attribute(R"re(([\w:]+)="([^"]*)")re");
        for (std::sregex_iterator it(tag.begin(), tag.end(), k_attribute), stop; it != stop; ++it)
            node->attributes.push_back({(*it)[1], decode_entities((*it)[2])});
        XmlNode* raw = node.get();
        stack.back()->children.push_back(std::move(node));
        if (!self_closing) stack.push_back(raw);
    }
    return root;
}

void collect(const XmlNode& node, MarkdownStructure& out) {
    if (node.name == "heading") {
        out.headings.push_back({std::stoi(node.attribute("level")), node.all_text()});
    } else if (node.name == "table") {
        MarkdownTable table;
        for (const auto& row : node.children) {
            std::vector<std::string> cells;
            for (const auto& cell : row->children) cells.push_back(cell->all_text());
            if (row->name == "table_header") table.header = cells;
            else table.rows.push_back(cells);
        }
        out.tables.push_back(std::move(table));
    } else if (node.name == "code_block") {
        out.code_blocks.push_back({node.attribute("info"), node.text});
    } else if (node.name == "html_block" || node.name == "html_inline") {
        out.html.push_back(node.text);
    }
    for (const auto& child : node.children) collect(*child, out);
}

}  // namespace

MarkdownStructure parse_markdown(const std::string& markdown) {
    TempDir dir;
    const std::string in = dir.write("report.md", markdown), out = dir.file("report.xml");
    const std::string command = "cmark-gfm -e table -t xml '" + in + "' > '" + out + "'";
    MarkdownStructure structure;
    if (std::system(command.c_str()) != 0) {
        ADD_FAILURE() << "cannot run cmark-gfm (scripts/install-deps.sh installs it): " << command;
        return structure;
    }
    collect(*parse_xml(read_bytes(out)), structure);
    return structure;
}

std::vector<std::string> check_er_diagram(const std::string& text) {
    static const std::regex k_name(R"([A-Za-z_][A-Za-z0-9_]*)");
    static const std::regex k_entity_open(R"(([A-Za-z_][A-Za-z0-9_]*) \{)");
    static const std::regex k_attribute(
        R"re(([A-Za-z_][A-Za-z0-9_()\[\]-]*) ([A-Za-z_][A-Za-z0-9_]*)((?: (?:PK|FK|UK)(?:, (?:PK|FK|UK))*)?)( "[^"\n]*")?)re");
    static const std::regex k_relationship(
        R"re(([A-Za-z_][A-Za-z0-9_]*) (\|\||\|o|\}\||\}o)(--|\.\.)(\|\||o\||\|\{|o\{) ([A-Za-z_][A-Za-z0-9_]*) : "[^"\n]*")re");
    std::vector<std::string> errors;
    std::set<std::string> entities;
    std::vector<std::pair<std::size_t, std::string>> endpoints;  // relationship ends, checked at the end
    std::istringstream in(text);
    std::string raw;
    std::size_t number = 0;
    bool in_block = false, header = false;
    while (std::getline(in, raw)) {
        ++number;
        const std::size_t first = raw.find_first_not_of(' ');
        const std::string line = first == std::string::npos ? "" : raw.substr(first);
        auto error = [&](const std::string& what) { errors.push_back("line " + std::to_string(number) + ": " + what + ": " + raw); };
        if (!header) {
            if (line != "erDiagram") error("the first line must be erDiagram");
            header = true;
            continue;
        }
        if (line.empty() || line.starts_with("%%")) continue;
        std::smatch m;
        if (in_block) {
            if (line == "}") {
                in_block = false;
            } else if (!std::regex_match(line, m, k_attribute)) {
                error("not an attribute line (type name [PK|FK|UK] [\"comment\"])");
            } else {
                std::string lower = m[2];
                for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (lower == "pk" || lower == "fk" || lower == "uk") error("an attribute name the lexer reads as a key");
            }
            continue;
        }
        if (std::regex_match(line, m, k_entity_open)) {
            if (!entities.insert(m[1]).second) error("entity declared twice");
            in_block = true;
        } else if (std::regex_match(line, m, k_relationship)) {
            endpoints.push_back({number, m[1]});
            endpoints.push_back({number, m[5]});
        } else if (std::regex_match(line, k_name)) {
            entities.insert(line);
        } else {
            error("not an entity, attribute or relationship");
        }
    }
    if (!header) errors.push_back("empty diagram");
    if (in_block) errors.push_back("an entity block is not closed");
    for (const auto& [line, name] : endpoints)
        if (!entities.count(name)) errors.push_back("line " + std::to_string(line) + ": relationship names undeclared entity " + name);
    return errors;
}

}  // namespace dbaudit::testing
