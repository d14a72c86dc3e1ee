#include "libs/csv/csv.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/text/text.h"

namespace briefdesk::csv {
namespace {

constexpr char kRowUrl[] = "briefdesk.csv/row";
constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Debian's abseil has its own string_view type, not std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

// `where` leads the message so that the organizer sees the place first.
absl::Status Error(int row, const std::string& where, std::string_view what) {
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(where, ": ", Absl(what)));
  status.SetPayload(kRowUrl, absl::Cord(absl::StrCat(row)));
  return status;
}

absl::Status RowError(int row, std::string_view what) {
  return Error(row, absl::StrCat("row ", row), what);
}

absl::Status CellError(int row, size_t column, std::string_view what) {
  return Error(row, absl::StrCat("row ", row, ", column ", column), what);
}

bool IsLineEnd(char c) { return c == '\r' || c == '\n'; }

// Only the header decides, and only outside quotes, so that a comma inside
// a quoted name cannot turn a ';' file back into a ',' one.
char DetectSeparator(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && IsLineEnd(text[i])) ++i;
  bool quoted = false;
  bool semicolon = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == ',') {
      return ',';
    } else if (c == ';') {
      semicolon = true;
    } else if (IsLineEnd(c)) {
      break;
    }
  }
  return semicolon ? ';' : ',';
}

// Reads records one at a time, keeping the spreadsheet row number.
class Reader {
 public:
  Reader(std::string_view text, char separator, const Limits& limits)
      : text_(text), separator_(separator), limits_(limits) {}

  // The next record into `*cells`, or false at the end of the input. More
  // than `max_cells` cells is an error, worded by `too_many`.
  absl::StatusOr<bool> Next(std::vector<std::string>* cells, size_t max_cells,
                            std::string_view too_many);

  int row() const { return row_; }

 private:
  absl::Status ReadQuoted(size_t column, std::string* cell);
  absl::Status ReadUnquoted(size_t column, std::string* cell);
  void SkipLineEnd();
  bool AtEnd() const { return pos_ >= text_.size(); }

  std::string_view text_;
  char separator_;
  const Limits& limits_;
  size_t pos_ = 0;
  int row_ = 0;
};

void Reader::SkipLineEnd() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() &&
      text_[pos_ + 1] == '\n') {
    ++pos_;
  }
  ++pos_;
}

absl::StatusOr<bool> Reader::Next(std::vector<std::string>* cells,
                                  size_t max_cells, std::string_view too_many) {
  cells->clear();
  // A spreadsheet shows a blank line as an empty row, so it is counted.
  for (; !AtEnd() && IsLineEnd(text_[pos_]); SkipLineEnd()) ++row_;
  if (AtEnd()) return false;
  ++row_;
  for (;;) {
    size_t column = cells->size() + 1;
    if (cells->size() == max_cells) return RowError(row_, too_many);
    std::string cell;
    absl::Status read = !AtEnd() && text_[pos_] == '"'
                            ? ReadQuoted(column, &cell)
                            : ReadUnquoted(column, &cell);
    if (!read.ok()) return read;
    if (!text::IsUtf8(cell)) {
      return CellError(row_, column,
                       "the text is not valid UTF-8; save the file as "
                       "\"CSV UTF-8\"");
    }
    cells->push_back(std::move(cell));
    if (AtEnd()) return true;
    if (IsLineEnd(text_[pos_])) {
      SkipLineEnd();
      return true;
    }
    ++pos_;  // the separator: ReadQuoted and ReadUnquoted stop at nothing else
  }
}

absl::Status Reader::ReadUnquoted(size_t column, std::string* cell) {
  size_t start = pos_;
  for (; !AtEnd() && text_[pos_] != separator_ && !IsLineEnd(text_[pos_]);
       ++pos_) {
    if (text_[pos_] == '"') {
      return CellError(row_, column,
                       "a quote (\") in a cell that does not start with one; "
                       "a cell with quotes must be enclosed in quotes, and "
                       "each quote inside it doubled");
    }
  }
  if (pos_ - start > limits_.max_field_bytes) {
    return CellError(row_, column,
                     absl::StrCat("the cell is longer than ",
                                  limits_.max_field_bytes, " bytes"));
  }
  cell->assign(text_.substr(start, pos_ - start));
  return absl::OkStatus();
}

absl::Status Reader::ReadQuoted(size_t column, std::string* cell) {
  ++pos_;
  for (;;) {
    size_t quote = text_.find('"', pos_);
    if (quote == std::string_view::npos) {
      return CellError(row_, column,
                       "a quoted cell starts here but its closing quote (\") "
                       "is missing");
    }
    cell->append(text_.substr(pos_, quote - pos_));
    pos_ = quote + 1;
    if (cell->size() > limits_.max_field_bytes) {
      return CellError(row_, column,
                       absl::StrCat("the cell is longer than ",
                                    limits_.max_field_bytes, " bytes"));
    }
    if (AtEnd() || text_[pos_] != '"') break;
    cell->push_back('"');
    ++pos_;
  }
  if (!AtEnd() && text_[pos_] != separator_ && !IsLineEnd(text_[pos_])) {
    return CellError(row_, column,
                     "characters after the closing quote of a quoted cell; "
                     "a quote inside a quoted cell must be doubled");
  }
  return absl::OkStatus();
}

absl::Status ReadHeader(Reader& reader, const Limits& limits, Table* table) {
  absl::StatusOr<bool> found =
      reader.Next(&table->header, limits.max_fields,
                  absl::StrCat("more than ", limits.max_fields, " columns"));
  if (!found.ok()) return found.status();
  if (!*found) {
    return RowError(1,
                    "the file is empty; the first row must name the columns");
  }
  for (std::string& name : table->header) absl::StripAsciiWhitespace(&name);
  table->header_row = reader.row();
  return absl::OkStatus();
}

absl::Status ReadRows(Reader& reader, const Limits& limits, Table* table) {
  size_t width = table->header.size();
  std::string too_many =
      absl::StrCat("more cells than the header row has columns (", width, ")");
  for (std::vector<std::string> cells;;) {
    absl::StatusOr<bool> found = reader.Next(&cells, width, too_many);
    if (!found.ok()) return found.status();
    if (!*found) return absl::OkStatus();
    if (table->rows.size() == limits.max_rows) {
      return RowError(reader.row(), absl::StrCat("more than ", limits.max_rows,
                                                 " rows after the header"));
    }
    cells.resize(width);
    table->rows.push_back(std::move(cells));
    table->row_lines.push_back(reader.row());
  }
}

// Optional sign, digits, at most one decimal point: what a spreadsheet
// reads as a number, never as a formula.
bool IsPlainNumber(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  bool digit = false;
  bool point = false;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
    } else if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else {
      return false;
    }
  }
  return digit;
}

bool CouldRunAsFormula(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return !IsPlainNumber(cell);
    default:
      return false;
  }
}

bool NeedsQuotes(std::string_view cell) {
  // ';' too, or a one-column header naming "a;b" would be read back as a
  // ';'-separated file.
  if (cell.find_first_of(",;\"\r\n") != std::string_view::npos) return true;
  if (cell.empty()) return false;
  // Parse strips a BOM at the start of the file, and readers often trim.
  return cell.front() == ' ' || cell.back() == ' ' || cell.starts_with(kBom);
}

void AppendCell(std::string_view cell, bool alone, std::string* out) {
  std::string guarded;
  if (CouldRunAsFormula(cell)) {
    guarded = "'" + std::string(cell);
    cell = guarded;
  }
  if (!NeedsQuotes(cell) && !(alone && cell.empty())) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// Index of `name` among `required` then `optional`, or -1.
int Wanted(absl::string_view name, const std::vector<std::string>& required,
           const std::vector<std::string>& optional) {
  for (size_t i = 0; i < required.size(); ++i) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(required[i]), name)) {
      return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < optional.size(); ++i) {
    if (absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(optional[i]), name)) {
      return static_cast<int>(required.size() + i);
    }
  }
  return -1;
}

// The row number of the first row with a value in `column`, or 0.
int FirstValueRow(const Table& table, size_t column) {
  for (size_t i = 0; i < table.rows.size(); ++i) {
    if (column < table.rows[i].size() && !table.rows[i][column].empty()) {
      return i < table.row_lines.size() ? table.row_lines[i]
                                        : static_cast<int>(i) + 2;
    }
  }
  return 0;
}

// Fills `*index` from the header and describes what does not fit.
std::vector<std::string> MatchHeader(const Table& table,
                                     const std::vector<std::string>& required,
                                     const std::vector<std::string>& optional,
                                     std::vector<int>* index) {
  std::vector<std::string> problems;
  bool unknown = false;
  for (size_t c = 0; c < table.header.size(); ++c) {
    absl::string_view name = absl::StripAsciiWhitespace(table.header[c]);
    int k = name.empty() ? -1 : Wanted(name, required, optional);
    if (name.empty()) {
      if (int row = FirstValueRow(table, c); row > 0) {
        problems.push_back(absl::StrCat("column ", c + 1,
                                        " has no name but row ", row,
                                        " has a value in it"));
      }
    } else if (k < 0) {
      unknown = true;
      problems.push_back(absl::StrCat("unknown column \"", name, "\""));
    } else if ((*index)[k] >= 0) {
      problems.push_back(absl::StrCat("column \"", name,
                                      "\" appears twice (columns ",
                                      (*index)[k] + 1, " and ", c + 1, ")"));
    } else {
      (*index)[k] = static_cast<int>(c);
    }
  }
  if (unknown) {
    std::vector<std::string> known = required;
    known.insert(known.end(), optional.begin(), optional.end());
    problems.push_back("the columns this file may have are: " +
                       absl::StrJoin(known, ", "));
  }
  return problems;
}

}  // namespace

absl::StatusOr<Table> Parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the file has ", text.size(), " bytes; at most ",
                     limits.max_bytes, " are accepted"));
  }
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  Reader reader(text, DetectSeparator(text), limits);
  Table table;
  if (absl::Status s = ReadHeader(reader, limits, &table); !s.ok()) return s;
  if (absl::Status s = ReadRows(reader, limits, &table); !s.ok()) return s;
  return table;
}

int ErrorRow(const absl::Status& status) {
  auto payload = status.GetPayload(kRowUrl);
  int row = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &row)) return 0;
  return row;
}

std::string Write(const std::vector<std::vector<std::string>>& rows,
                  const WriteOptions& options) {
  std::string out(options.bom ? kBom : "");
  for (const std::vector<std::string>& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendCell(row[i], row.size() == 1, &out);
    }
    out.append("\r\n");
  }
  return out;
}

absl::StatusOr<std::vector<int>> Columns(
    const Table& table, const std::vector<std::string>& required,
    const std::vector<std::string>& optional) {
  std::vector<int> index(required.size() + optional.size(), -1);
  std::vector<std::string> problems =
      MatchHeader(table, required, optional, &index);
  std::vector<std::string> missing;
  for (size_t i = 0; i < required.size(); ++i) {
    if (index[i] < 0) missing.push_back(absl::StrCat("\"", required[i], "\""));
  }
  if (!missing.empty()) {
    problems.insert(problems.begin(),
                    absl::StrCat(missing.size() == 1 ? "a required column is "
                                                     : "required columns are ",
                                 "missing: ", absl::StrJoin(missing, ", ")));
  }
  if (problems.empty()) return index;
  return RowError(table.header_row, absl::StrJoin(problems, "; "));
}

}  // namespace briefdesk::csv
