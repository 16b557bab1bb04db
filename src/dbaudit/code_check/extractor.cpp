#include "dbaudit/code_check/extractor.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

#include "dbaudit/code_check/placeholders.hpp"
#include "dbaudit/code_check/scanner.hpp"
#include "dbaudit/code_check/sql_detector.hpp"
#include "dbaudit/code_check/sql_lexer.hpp"
#include "dbaudit/code_check/sql_splitter.hpp"

namespace dbaudit::code_check {

namespace {

constexpr std::size_t k_max_file_bytes = 32u << 20;  // larger files are generated or data, not code
constexpr std::size_t k_excerpt_length = 100;        // characters

// Line starts of a file, built the first time a location is needed.
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : m_text(text) {}

    util::SourceLocation locate(const std::string& path, std::size_t offset) {
        if (m_starts.empty()) {
            m_starts.push_back(0);
            for (std::size_t i = 0; i < m_text.size(); ++i) {
                if (m_text[i] == '\n') m_starts.push_back(i + 1);
            }
        }
        offset = std::min(offset, m_text.size());
        const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
        const std::size_t line = static_cast<std::size_t>(it - m_starts.begin());
        std::size_t column = 1;
        for (std::size_t i = m_starts[line - 1]; i < offset; ++i) column += (static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80;
        return {path, static_cast<int>(line), static_cast<int>(column)};
    }

private:
    std::string_view m_text;
    std::vector<std::size_t> m_starts;
};

// One line of SQL as written: interpolations spelled as in the code, spaces collapsed, shortened.
std::string make_excerpt(std::string_view value, std::size_t begin, std::size_t end, const ScannedLiteral& literal,
                         std::string_view source) {
    std::size_t hole = static_cast<std::size_t>(std::count(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(begin), k_hole));
    std::string out;
    bool space = false;
    std::size_t characters = 0;
    auto put = [&](char c) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
        out.push_back(c);
    };
    for (std::size_t i = begin; i < end && characters <= k_excerpt_length; ++i) {
        const char c = value[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = true;
            continue;
        }
        if (space && !out.empty()) put(' ');
        space = false;
        if (c == k_hole && hole < literal.holes.size()) {
            const Hole& h = literal.holes[hole++];
            for (char code : source.substr(h.source_begin, h.source_end - h.source_begin)) put(code == '\n' ? ' ' : code);
        } else {
            put(c);
        }
    }
    if (characters > k_excerpt_length) {
        // Cut at a character boundary and say so.
        std::size_t cut = out.size();
        std::size_t seen = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80 && ++seen > k_excerpt_length - 3) {
                cut = i;
                break;
            }
        }
        out.resize(cut);
        out += "...";
    }
    return out;
}

std::string upper_word(std::string_view word) {
    std::string out(word);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return out;
}

void extract_literal(const ScannedLiteral& literal, std::string_view source, std::size_t file, const std::string& path,
                     engine::ParameterStyle style, LineIndex& lines, Extraction& out) {
    const std::string_view value = literal.value;
    const std::vector<SqlToken> tokens = lex_sql(value);
    bool first_statement = true;
    for (const SqlStatementSpan& span : split_sql(value, tokens)) {
        const bool leading = first_statement;
        first_statement = false;
        std::string keyword;
        if (literal.whole_file) {
            const SqlToken& first = tokens[span.first_token];
            keyword = first.kind == SqlTokenKind::word ? upper_word(first.text(value)) : std::string();
        } else {
            const auto detected = detect_statement(value, tokens, span.first_token, span.last_token,
                                                   literal.joined_with_code || literal.formatted);
            if (!detected) {
                // Prose after a statement ("SELECT ...; Done.") is not a statement; prose first means
                // the literal is not SQL at all.
                if (leading) return;
                continue;
            }
            keyword = std::string(*detected);
        }
        ExtractedStatement statement;
        statement.file = file;
        statement.keyword = std::move(keyword);
        const std::size_t file_begin = literal.to_source.map(span.begin);
        const std::size_t file_end = std::max(file_begin, std::min(source.size(), literal.to_source.map(span.end - 1) + 1));
        statement.location = lines.locate(path, file_begin);
        statement.excerpt = make_excerpt(value, span.begin, span.end, literal, source);
        statement.dynamic_reason = dynamic_reason(value, tokens, span.first_token, span.last_token, literal, source);
        if (statement.is_dynamic()) {
            statement.sql.assign(value.substr(span.begin, span.end - span.begin));
        } else {
            NormalizedStatement normalized = normalize_placeholders(value, tokens, span.first_token, span.last_token, style);
            statement.sql = std::move(normalized.sql);
            // sql -> the statement as written -> the literal's value -> the file
            statement.to_file = literal.to_source.slice(span.begin, span.end).then(normalized.to_original);
            statement.span_offset = file_begin;
            statement.span.assign(source.substr(file_begin, file_end - file_begin));
        }
        out.statements.push_back(std::move(statement));
    }
}

}  // namespace

util::SourceLocation ExtractedStatement::location_of(std::size_t sql_offset) const {
    util::SourceLocation at = location;
    const std::size_t file_offset = to_file.map(std::min(sql_offset, sql.size()));
    if (file_offset <= span_offset) return at;
    const std::size_t end = std::min(file_offset - span_offset, span.size());
    for (std::size_t i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(span[i]);
        if (byte == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            ++at.column;
        }
    }
    return at;
}

void extract_from_text(std::string_view text, Language language, std::size_t file, const std::string& path,
                       engine::ParameterStyle style, Extraction& out) {
    const ScanResult scanned = scan_source(text, language);
    if (scanned.literals.empty() && scanned.imports.empty()) return;
    LineIndex lines(text);
    for (const ScannedLiteral& literal : scanned.literals) extract_literal(literal, text, file, path, style, lines, out);
    for (const ImportReference& reference : scanned.imports)
        out.imports.push_back({file, lines.locate(path, reference.offset), reference});
}

Extraction extract_statements(const std::vector<SourceFile>& files, const ExtractOptions& options) {
    std::vector<Extraction> parts(files.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        std::string buffer;
        for (std::size_t i = next++; i < files.size(); i = next++) {
            Extraction& part = parts[i];
            const int fd = ::open(files[i].path.c_str(), O_RDONLY | O_CLOEXEC);
            struct stat info {};
            if (fd < 0 || ::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || static_cast<std::size_t>(info.st_size) > k_max_file_bytes) {
                if (fd >= 0) ::close(fd);
                ++part.files_skipped;
                continue;
            }
            buffer.resize(static_cast<std::size_t>(info.st_size));
            std::size_t have = 0;
            while (have < buffer.size()) {
                const ssize_t n = ::read(fd, buffer.data() + have, buffer.size() - have);
                if (n <= 0) break;
                have += static_cast<std::size_t>(n);
            }
            ::close(fd);
            buffer.resize(have);
            // A NUL byte near the start: a binary file with a source extension.
            if (std::memchr(buffer.data(), '\0', std::min<std::size_t>(buffer.size(), 8192))) {
                ++part.files_skipped;
                continue;
            }
            ++part.files_read;
            part.bytes_read += buffer.size();
            extract_from_text(buffer, files[i].language, i, files[i].path, options.style, part);
        }
    };
    unsigned jobs = options.jobs ? options.jobs : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < jobs; ++t) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();

    Extraction all;
    for (Extraction& part : parts) {
        all.files_read += part.files_read;
        all.bytes_read += part.bytes_read;
        all.files_skipped += part.files_skipped;
        std::move(part.statements.begin(), part.statements.end(), std::back_inserter(all.statements));
        std::move(part.imports.begin(), part.imports.end(), std::back_inserter(all.imports));
    }
    return all;
}

}  // namespace dbaudit::code_check
