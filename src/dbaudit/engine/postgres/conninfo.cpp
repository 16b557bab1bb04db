#include "dbaudit/engine/postgres/conninfo.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstdlib>

#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

bool is_url(std::string_view text) {
    return util::starts_with_icase(text, "postgres://") || util::starts_with_icase(text, "postgresql://");
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const std::string hex(text.substr(i + 1, 2));
            char* end = nullptr;
            const long value = std::strtol(hex.c_str(), &end, 16);
            if (end == hex.c_str() + 2) {
                out += static_cast<char>(value);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// The user-info part of a URL ("user:password") ends at the first '@' that comes before any '/',
// as libpq reads it.
struct UrlParts {
    std::size_t authority_begin = 0;
    std::size_t at = std::string_view::npos;  // position of '@', npos when there is no user info
};

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    parts.authority_begin = url.find("://") + 3;
    for (std::size_t i = parts.authority_begin; i < url.size(); ++i) {
        if (url[i] == '/') break;
        if (url[i] == '@') {
            parts.at = i;
            break;
        }
    }
    return parts;
}

// Removes password=... from a URL's query string.
std::string redact_query(std::string_view query) {
    std::vector<std::string> kept;
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view pair = query.substr(start, end - start);
        if (!pair.empty() && !util::starts_with_icase(pair, "password=")) kept.emplace_back(pair);
        start = end + 1;
    }
    return util::join(kept, "&");
}

std::string redact_url(std::string_view url) {
    const UrlParts parts = split_url(url);
    std::string out(url.substr(0, parts.authority_begin));
    std::string_view rest = url.substr(parts.authority_begin);
    if (parts.at != std::string_view::npos) {
        const std::string_view user_info = url.substr(parts.authority_begin, parts.at - parts.authority_begin);
        out += user_info.substr(0, user_info.find(':'));
        out += '@';
        rest = url.substr(parts.at + 1);
    }
    const auto question = rest.find('?');
    if (question == std::string_view::npos) return out + std::string(rest);
    out += rest.substr(0, question);
    const std::string query = redact_query(rest.substr(question + 1));
    if (!query.empty()) out += "?" + query;
    return out;
}

}  // namespace

bool is_postgres_target(std::string_view text) {
    text = util::trim(text);
    if (is_url(text)) return true;
    // A keyword string: "key=value ..." whose first key libpq knows.
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) return false;
    const std::string key(util::trim(text.substr(0, equals)));
    static const char* const k_keywords[] = {"host", "hostaddr", "port", "dbname", "user", "password", "passfile",
                                             "service", "sslmode", "application_name", "connect_timeout",
                                             "options", "target_session_attrs"};
    for (const char* keyword : k_keywords)
        if (key == keyword) return true;
    return false;
}

std::string redact_conninfo(std::string_view text) {
    text = util::trim(text);
    if (util::iequals(text, "postgres://") || util::iequals(text, "postgresql://"))
        return std::string(text) + " (from the PG* environment variables)";
    if (is_url(text)) return redact_url(text);
    // key = value pairs as libpq reads them (values may be 'quoted' with \ escapes), kept in the
    // user's order and spelling, without the password.
    std::vector<std::string> parts;
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    };
    while (true) {
        skip_space();
        if (i >= text.size()) break;
        const std::size_t key_begin = i;
        while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        const std::string key(text.substr(key_begin, i - key_begin));
        skip_space();
        if (i >= text.size() || text[i] != '=') return "(unparsable connection string)";
        ++i;
        skip_space();
        const std::size_t value_begin = i;
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\\') ++i;
            ++i;
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        }
        if (key != "password") parts.push_back(key + "=" + std::string(text.substr(value_begin, i - value_begin)));
    }
    return util::join(parts, " ");
}

std::vector<std::string> secrets_of(std::string_view text) {
    std::vector<std::string> secrets;
    auto add = [&](std::string secret) {
        if (!secret.empty()) secrets.push_back(std::move(secret));
    };
    text = util::trim(text);
    if (is_url(text)) {
        const UrlParts parts = split_url(text);
        if (parts.at != std::string_view::npos) {
            const std::string_view user_info = text.substr(parts.authority_begin, parts.at - parts.authority_begin);
            const auto colon = user_info.find(':');
            if (colon != std::string_view::npos) {
                add(std::string(user_info.substr(colon + 1)));
                add(percent_decode(user_info.substr(colon + 1)));
            }
        }
        const auto question = text.find('?');
        if (question != std::string_view::npos) {
            for (std::string_view query = text.substr(question + 1); !query.empty();) {
                const auto amp = query.find('&');
                const std::string_view pair = query.substr(0, amp);
                if (util::starts_with_icase(pair, "password=")) {
                    add(std::string(pair.substr(9)));
                    add(percent_decode(pair.substr(9)));
                }
                if (amp == std::string_view::npos) break;
                query = query.substr(amp + 1);
            }
        }
    } else {
        char* error = nullptr;
        if (PQconninfoOption* options = PQconninfoParse(std::string(text).c_str(), &error)) {
            for (PQconninfoOption* option = options; option->keyword; ++option)
                if (option->val && std::string_view(option->keyword) == "password") add(option->val);
            PQconninfoFree(options);
        }
        PQfreemem(error);
    }
    if (const char* env = std::getenv("PGPASSWORD")) add(env);
    return secrets;
}

ConninfoWithoutPassword split_password(std::string_view text) {
    ConninfoWithoutPassword out;
    char* error = nullptr;
    // libpq's own parser reads URLs and keyword strings alike, percent-decoding as it connects.
    PQconninfoOption* options = PQconninfoParse(std::string(util::trim(text)).c_str(), &error);
    PQfreemem(error);
    if (!options) return out;
    std::vector<std::string> parts;
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        if (!option->val) continue;
        const std::string_view keyword = option->keyword;
        if (keyword == "password") {
            out.password = option->val;
            continue;
        }
        std::string value;
        for (const char* c = option->val; *c; ++c) {
            if (*c == '\\' || *c == '\'') value += '\\';
            value += *c;
        }
        parts.push_back(std::string(keyword) + "='" + value + "'");
    }
    PQconninfoFree(options);
    out.conninfo = util::join(parts, " ");
    return out;
}

std::string scrub(std::string message, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = message.find(secret); at != std::string::npos; at = message.find(secret, at + 3))
            message.replace(at, secret.size(), "***");
    }
    return message;
}

}  // namespace dbaudit::engine::postgres
